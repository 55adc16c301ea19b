"""Form pieces of core: the long select writes what Django's own select writes."""

from __future__ import annotations

from django import forms
from django.test.html import parse_html

from dashboard.core.forms import DATE, LongSelect

CHOICES = [
    ("Europe/Berlin", "Europe/Berlin"),
    ("America/Port_of_Spain", "Port of Spain"),
    ("x<y", 'a "quoted" & <odd> one'),
]


class Both(forms.Form):
    django = forms.ChoiceField(choices=CHOICES, help_text="Where you are.")
    long = forms.ChoiceField(choices=CHOICES, help_text="Where you are.", widget=LongSelect)


def _same(form: Both) -> None:
    ours = str(form["long"]).replace("long", "django")
    assert parse_html(ours) == parse_html(str(form["django"]))


def test_it_writes_the_options_and_the_selection_as_django_does():
    _same(Both(initial={"django": "x<y", "long": "x<y"}))
    _same(Both())


def test_an_invalid_choice_is_marked_as_django_marks_it():
    form = Both(data={"django": "Mars/Olympus", "long": "Mars/Olympus"})
    assert not form.is_valid()
    assert 'aria-invalid="true"' in str(form["long"])
    _same(form)


def test_a_grouped_list_is_left_to_django():
    grouped = [("Europe", [("Europe/Berlin", "Berlin")]), ("Asia", [("Asia/Tokyo", "Tokyo")])]
    widget = LongSelect(choices=grouped)
    html = widget.render("zone", "Asia/Tokyo")
    assert '<optgroup label="Asia">' in html and 'value="Asia/Tokyo" selected' in html


class Dated(forms.Form):
    day = forms.DateField(required=False, widget=DATE)


def test_a_date_picker_keeps_a_date_and_drops_what_is_none():
    from django.test.html import parse_html as html

    kept = Dated({"day": "2026-03-01"})
    assert html(str(kept["day"])) == html(
        '<input type="date" name="day" value="2026-03-01" id="id_day">'
    )
    bad = Dated({"day": "notadate"})
    assert not bad.is_valid() and bad.errors["day"] == ["Enter a valid date."]
    assert 'value="' not in str(bad["day"])
    assert 'type="date"' in str(bad["day"])
