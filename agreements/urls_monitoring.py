"""URLs of issue 12's monitoring (included by agreements/urls.py): the annual work plans."""

from django.urls import path

from .views import monitoring

urlpatterns = [
    path("agreements/<int:pk>/work-plans/new/", monitoring.work_plan_new, name="work_plan_create"),
    path("pks/<int:pk>/work-plans/new/", monitoring.pks_work_plan_new, name="pks_work_plan_create"),
    path("work-plans/<int:pk>/", monitoring.work_plan_detail, name="work_plan_detail"),
    path("work-plans/<int:pk>/edit/", monitoring.work_plan_edit, name="work_plan_edit"),
    path("work-plans/<int:pk>/activities/new/", monitoring.activity_new, name="activity_create"),
    path("activities/<int:pk>/edit/", monitoring.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/remove/", monitoring.activity_remove, name="activity_remove"),
    path("activities/<int:pk>/task/", monitoring.activity_task, name="activity_task"),
]
