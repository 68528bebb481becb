from services.intake.domain.directory import Category
from shared.contracts.orders import CategoryDefined


def test_defining_a_category_records_its_announcement_with_the_machinery_flag() -> None:
    toy = Category.define("toy_assembly", "Toy assembly", "玩具组装", machinery=True)
    (event,) = toy.events
    assert isinstance(event, CategoryDefined)
    assert (event.code, event.machinery) == ("toy_assembly", True)
    assert event.event_key() == "toy_assembly" and event.event_topic.name == "intake.categories"


def test_categories_are_not_machinery_work_unless_said() -> None:
    assert Category.define("crochet", "Crochet", "钩编").machinery is False
