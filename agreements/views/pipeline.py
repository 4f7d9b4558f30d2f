"""The pipeline page ("Posisi berkas"): where every file before the signing is, whose
turn it is, and how long each step of the path takes. Readable by every role; an
officer sees the files their unit takes part in."""

from django.shortcuts import render
from django.utils import timezone

from ..forms.pipeline import PipelineFilterForm
from ..selectors import pipeline as selectors


def pipeline(request):
    today = timezone.localdate()
    form = PipelineFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    everything = selectors.pipeline_files(user=request.user, today=today)
    files = selectors.narrow_files(everything, **filters)
    return render(
        request,
        "agreements/pipeline.html",
        {
            "form": form,
            "today": today,
            "files": files,
            "holders": selectors.delays_by_holder(everything),
            "delayed_count": sum(1 for row in files if row.delayed),
            "lead_times": selectors.lead_times(user=request.user, today=today),
        },
    )
