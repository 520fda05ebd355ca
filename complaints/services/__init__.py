"""The complaints rules, one module per concern; code of this package imports the one it needs.

Other modules never import these: they reach complaints through the providers it offers
(``complaints.feeds`` for the national platform, ``complaints.indicators`` for regional
returns).
"""
