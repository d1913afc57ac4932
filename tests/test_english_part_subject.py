"""An English later part of a multi-part question whose pronoun stands for what the earlier part asks about
(assistant.route.english_with_subject): the earlier part's object is put in, in the of-form."""

from assistant.route import english_with_subject


def test_its_becomes_the_of_form_of_the_earlier_object() -> None:
    asked = english_with_subject("what is its annual output?", ["Who leads the Qingshan solar farm project?",
                                                                 "Who is in charge of the Qingshan solar farm?"])
    assert asked == "what is the annual output of the Qingshan solar farm?"


def test_it_becomes_the_earlier_object() -> None:
    asked = english_with_subject("When will it open?", ["Who is the builder of the Baihe bridge?"])
    assert asked == "When will the Baihe bridge open?"


def test_no_pronoun_no_object_or_chinese_is_left_as_asked() -> None:
    assert english_with_subject("What is the total budget?", ["Who is in charge of the Qingshan farm?"]) == \
        "What is the total budget?"
    assert english_with_subject("what is its total budget?", ["Who is in charge?"]) == "what is its total budget?"
    chinese = "它的总投资是多少？"
    assert english_with_subject(chinese, ["Who is in charge of the Qingshan farm?"]) == chinese
