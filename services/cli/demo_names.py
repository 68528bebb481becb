"""The demo region's names in Chinese, as the people of the case write them.

The region is generated from pinyin keys (which also make the stable uuid5 ids, so a
stack seeded before the names were Chinese keeps its ids); what a person sees, the
organisations' names, townships, villages and brokers, is Chinese.
"""

from __future__ import annotations

COUNTY = {
    "liandu": "莲都区", "longquan": "龙泉市", "qingtian": "青田县", "yunhe": "云和县",
    "qingyuan": "庆元县", "jinyun": "缙云县", "suichang": "遂昌县", "songyang": "松阳县",
    "jingning": "景宁县",
}  # fmt: skip
MARKET = {"yiwu": "义乌", "wenzhou": "温州", "jinhua": "金华", "taizhou": "台州"}
CLIENT_STEM = {
    "Huafeng": "华丰", "Xinyi": "新艺", "Jiali": "佳丽", "Mingda": "明达", "Hongsheng": "宏盛",
    "Yongkang": "永康", "Tianlu": "天禄",
}  # fmt: skip
CLIENT_TRADE = {
    "Hair Accessories": "饰品", "Garments": "服饰", "Crafts": "工艺品", "Toys": "玩具",
    "Hardware": "五金", "Textiles": "纺织",
}  # fmt: skip
TOWN = {
    "Bihu": "碧湖", "Zhuyang": "竹洋", "Laozhu": "老竹", "Badu": "八都", "Xiaomei": "小梅",
    "Anren": "安仁", "Wenxi": "温溪", "Hecheng": "鹤城", "Youzhu": "油竹", "Chongtou": "崇头",
    "Jinshuitan": "紧水滩", "Shitang": "石塘", "Songyuan": "松源", "Huangtian": "黄田",
    "Jushui": "举水", "Hukou": "湖口", "Dongdu": "东渡", "Xinjian": "新建", "Huzhen": "壶镇",
    "Miaogao": "妙高", "Yunfeng": "云峰", "Jiaotan": "焦滩", "Longyang": "龙洋", "Xiping": "西屏",
    "Xiangxi": "象溪", "Gucheng": "古城", "Hexi": "鹤溪", "Dongkeng": "东坑", "Jingnan": "景南",
}  # fmt: skip
VILLAGE = {
    "Xiayang": "下洋", "Shangyuan": "上源", "Houshan": "后山", "Dongcun": "东村",
    "Xikeng": "溪坑", "Baishi": "白石", "Longtan": "龙潭", "Meiling": "梅岭",
}  # fmt: skip
KIND = {"factory": "来料加工厂", "centre": "来料加工中心", "home": "居家加工点"}
SURNAME = {
    "Zhou": "周", "Ye": "叶", "Wu": "吴", "Lan": "蓝", "Chen": "陈", "Mao": "毛", "Liu": "刘",
    "Zheng": "郑", "Pan": "潘", "Xu": "徐",
}  # fmt: skip
GIVEN = {
    "Lihua": "丽华", "Jianming": "建明", "Xiaoyan": "晓燕", "Guofu": "国富", "Meifang": "美芳",
    "Haiyan": "海燕", "Jun": "军", "Yuying": "玉英",
}  # fmt: skip
FEDERATION = "丽水市妇女联合会"


def office(county: str, market: str) -> str:
    """遂昌县驻义乌联络处: the county's liaison office in that market."""
    return f"{COUNTY[county]}驻{MARKET[market]}联络处"


def client(home: str, stem: str, trade: str, county: str) -> str:
    """金华新艺五金有限公司（遂昌县）: the county says which office's client it is."""
    return f"{MARKET[home]}{CLIENT_STEM[stem]}{CLIENT_TRADE[trade]}有限公司（{COUNTY[county]}）"


def provider(town: str, village: str, mode: str, number: int, county: str) -> str:
    """妙高下洋来料加工厂3号（遂昌县）."""
    return f"{TOWN[town]}{VILLAGE[village]}{KIND[mode]}{number}号（{COUNTY[county]}）"
