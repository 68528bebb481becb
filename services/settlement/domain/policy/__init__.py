"""A county's incentive policy as data (``model``) and the pure rules that apply it."""
