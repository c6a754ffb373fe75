"""The English termbase and the detector that derives garbled renderings from it.

``schema`` validates the data in ``repair/data/termbase/*.yaml``; ``lexicon`` wraps CC-CEDICT,
segmentation and phonetics; ``derive`` turns each English term into the strings a literal or
misheard translation of it would produce; ``detect`` finds them in a document and weighs context.
"""
