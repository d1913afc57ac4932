"""Why an answer was refused: one short code per refusal path (Answer.refusal), for the eval's "refusal
reasons" table. Never shown to users; the refusal text they read is prompts/refusal.*.txt.

The codes of the figure engine's acceptance bar (BAR_*) are decided in one place, candidates.shortfall."""

from __future__ import annotations

NO_PASSAGES = "no_passages"  # retrieval found nothing
NOT_FACTUAL = "not_factual"  # nothing factual left once instructions are set aside
UNKNOWN_TERM = "unknown_term"  # the question names no word the index uses
UNKNOWN_NAME = "unknown_name"  # a proper name (person, place, organisation…) the question gives that no passage holds
UNKNOWN_PLACE = "unknown_place"  # a place name ("南州市") no passage mentions
UNKNOWN_KIND = "unknown_kind"  # a kind of thing asked (see answer._unknown_kind) the passages never name
UNKNOWN_YEAR = "unknown_year"  # a year the question states that no passage states
NOT_A_QUESTION = "not_a_question"  # words that ask nothing
NO_SENTENCE = "no_sentence"  # a sentence was to be quoted and none answers
RATIO_NOT_FOUND = "ratio_not_found"  # a ratio asked, neither stated nor its two terms found
PREVIOUS_NO_RATE = "previous_no_rate"  # last period's figure asked, no rate to back it out
NO_RANGE = "no_range"  # the middle of a range asked, and the figure found ends no stated range
NO_COMPLEMENT = "no_complement"  # what named parts leave of a whole asked, and a part's share is not found
ENGLISH_UNNAMED = "english_unnamed"  # an English question whose quantity has no Chinese name we know
ENGLISH_ABSENT = "english_absent"  # an English phrase of the question whose every Chinese reading the index lacks
NO_CANDIDATE = "no_candidate"  # no figure of the asked unit class near the question's words
BAR_ATTRIBUTE = "bar_attribute"  # best figure: the asked attribute does not label it
BAR_PERIOD = "bar_period"  # best figure: the question's period/figures do not stand with it
BAR_KEY_NAME = "bar_key_name"  # best figure: the question's most specific name is missing around it
BAR_ENTITY = "bar_entity"  # best figure: too few of the subject's words around it
BAR_RANKER = "bar_ranker"  # best figure: the learned ranker's probability is below its threshold
RATE_NOT_STATED = "rate_not_stated"  # the rate asked is not the one found
CURRENCY = "currency"  # asked in a currency the text does not state
PER_PERSON = "per_person"  # an amount per person asked, a total found
POINTS = "points"  # a change in points asked, a level found
PREVIOUS_NO_CHANGE = "previous_no_change"  # last period's rate asked, no change stated beside this one
NO_PART = "no_part"  # a question of several parts, none answered (the first part's reason is kept after ":")
SUBJECT_MISSING = "subject_missing"  # "它…" with nothing earlier naming it: a clarifying question
CLAIM_UNDECIDED = "claim_undecided"  # a yes/no claim no stated figure decides
OPEN_NOT_FOUND = "open_not_found"  # an open question (description, list…) no passage answers
OUT_OF_SCOPE = "out_of_scope"  # not about the documents: declined

BAR = (BAR_ATTRIBUTE, BAR_PERIOD, BAR_KEY_NAME, BAR_ENTITY, BAR_RANKER)
