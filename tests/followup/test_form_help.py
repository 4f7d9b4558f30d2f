"""What every form says around its fields: the error summary, required marks, errors and
help tied to their fields, the upload limit in the reader's language, and empty choices
that say what they do."""

import re

from django.urls import reverse

from .conftest import client_as


def test_a_refused_form_lists_every_error_at_the_top_linked_to_its_field(biro, commitment):
    path = reverse("agreements:task_create", args=[commitment.pk])

    page = client_as(biro, language="en").post(path, {"title": "", "due_date": ""})

    html = page.content.decode()
    assert page.status_code == 200
    start = html.index('data-testid="error-summary"')
    summary = html[start : html.index("</ul>", start)]
    assert 'href="#id_title"' in summary
    assert 'href="#id_due_date"' in summary
    assert 'href="#id_responsible_unit"' in summary
    # Each field in error points at its message, and the message has that id.
    assert re.search(r'id="id_title"[^>]*aria-invalid="true"', html) or re.search(
        r'aria-invalid="true"[^>]*id="id_title"', html
    )
    assert 'aria-describedby="id_title_error"' in html
    assert 'id="id_title_error"' in html


def test_required_fields_are_marked_and_the_mark_is_explained(biro, commitment):
    html = (
        client_as(biro)
        .get(reverse("agreements:task_create", args=[commitment.pk]))
        .content.decode()
    )

    assert "Isian bertanda" in html and "wajib diisi" in html
    title_label = html[
        html.index('for="id_title"') : html.index("</label>", html.index('for="id_title"'))
    ]
    assert 'class="required-mark"' in title_label
    description_label = html[
        html.index('for="id_description"') : html.index(
            "</label>", html.index('for="id_description"')
        )
    ]
    assert "required-mark" not in description_label


def test_the_upload_limit_is_stated_beside_the_file_field_in_the_readers_language(
    officer, task, settings
):
    path = reverse("agreements:task_detail", args=[task.pk])

    settings.UPLOAD_MAX_BYTES = 5 * 1024 * 1024  # the text follows the setting in force
    indonesian = client_as(officer).get(path).content.decode()
    english = client_as(officer, language="en").get(path).content.decode()

    # filesizeformat keeps the number and its unit together with a no-break space.
    assert "paling besar 5,0\xa0MB per berkas" in indonesian
    assert "at most 5.0\xa0MB per file" in english
    assert 'id="id_evidence_helptext"' in english


def test_an_empty_filter_choice_reads_all_and_a_form_asks_to_choose(biro, commitment):
    tasks = client_as(biro).get(reverse("agreements:task_list")).content.decode()
    form = client_as(biro).get(reverse("agreements:budget_create")).content.decode()

    assert '<option value="" selected>Semua</option>' in tasks
    assert "---------" not in tasks
    assert "— Pilih —" in form
    assert "---------" not in form


def test_the_folded_filter_button_counts_the_filters_in_use(biro, commitment):
    path = reverse("agreements:task_list")

    plain = client_as(biro).get(path).content.decode()
    filtered = (
        client_as(biro)
        .get(path, {"q": "jagung", "due_date_after": "2026-01-01", "ordering": "-due_date"})
        .content.decode()
    )

    button = filtered[filtered.index('data-testid="filter-toggle"') :]
    button = button[: button.index("</button>")]
    assert ">2<span" in button and "aktif" in button  # the search and the date range
    plain_button = plain[plain.index('data-testid="filter-toggle"') :]
    assert "badge" not in plain_button[: plain_button.index("</button>")]
