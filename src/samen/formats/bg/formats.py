"""Bulgarian groups thousands with a (non-breaking) space, "10 000", as Bulgarian standard BDS and CLDR
do; Django's formats give the separator but group nothing, so a count read "10000"."""

NUMBER_GROUPING = 3
