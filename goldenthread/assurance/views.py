"""The assurance pages: service plans' QA reviews, the rolling programme of divisional-plan
reviews, and the planning timetable. Each view gets its objects through goldenthread.access
and writes through assurance.services."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from goldenthread import access
from goldenthread.assurance import rules, selectors, services
from goldenthread.assurance.choices import Audience
from goldenthread.assurance.forms import (
    BaseStageFormSet,
    MoveForm,
    ProgrammeRecordForm,
    ReviewForm,
    ScheduleForm,
    StageFormSet,
)
from goldenthread.assurance.models import PlanReview, ProgrammeReview, TimetableStage
from goldenthread.planning.periods import Period


def _year(slug: str) -> int:
    year = selectors.parse_year(slug)
    if year is None:
        raise Http404("Not found")
    return year


# -- service plans' QA reviews --------------------------------------------------------------------


def reviews(request: HttpRequest) -> HttpResponse:
    """Every service plan the reader may see with its QA review's state for the year."""
    user = access.access_qa_reviews(request.user)
    years = selectors.review_years()
    year = selectors.chosen_year(request.GET.get("year", ""), years)
    rows = selectors.review_rows(access.qa_readable_plans(user), year)
    context = {
        "year": Period(year),
        "years": selectors.year_choices(years, year),
        "rows": rows,
        "counts": selectors.review_counts(rows),
        "may_edit": access.is_performance_team(user),
    }
    return render(request, "assurance/reviews.html", context)


def review(request: HttpRequest, year: str, code: str) -> HttpResponse:
    """A service plan's QA review for a year: the checklist, findings, state and history."""
    plan = access.access_plan_qa(request.user, code)
    when = _year(year)
    found = PlanReview.objects.with_details().filter(plan=plan, year=when).first()
    may_edit = access.is_performance_team(request.user)
    context = {
        "plan": plan,
        "year": Period(when),
        "review": found,
        "checklist": selectors.checklist(found),
        "missing": selectors.review_missing(found),
        "history": selectors.review_history(found) if found else [],
        "may_edit": may_edit,
        "editable": may_edit and (found is None or rules.is_editable(found.state)),
        "moves": rules.moves_from(found.state) if may_edit and found else [],
    }
    return render(request, "assurance/review.html", context)


def review_edit(request: HttpRequest, year: str, code: str) -> HttpResponse:
    """The performance team records the checklist and findings (starting the review)."""
    plan = access.access_plan_to_assure(request.user, code)
    user = access.access_performance_team(request.user)
    when = _year(year)
    found = PlanReview.objects.with_details().filter(plan=plan, year=when).first()
    if found is not None and not rules.is_editable(found.state):
        messages.error(request, "This review is agreed: reopen it to change it.")
        return redirect("assurance_review", Period(when).slug, plan.code)
    data = request.POST if request.method == "POST" else None
    form = ReviewForm(
        data, reviewers=list(selectors.performance_officers()), review=found, acting_user=user
    )
    if data is not None and form.is_valid():
        try:
            services.review_save(
                acting_user=user,
                plan=plan,
                year=when,
                answers=form.answers(),
                features=form.features(),
                risk=form.risk(),
                findings=form.cleaned_data["findings"],
                reviewer=form.cleaned_data["reviewer"],
                version=form.cleaned_data["version"],
            )
        except services.AssuranceRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"The QA review of {plan.title} is saved.")
            return redirect("assurance_review", Period(when).slug, plan.code)
    context = {"plan": plan, "year": Period(when), "review": found, "form": form}
    return render(
        request, "assurance/review_form.html", context, status=400 if form.errors else 200
    )


@require_POST
def review_move(request: HttpRequest, year: str, code: str) -> HttpResponse:
    """Start QA, return to draft, agree, or reopen a review."""
    plan = access.access_plan_to_assure(request.user, code)
    user = access.access_performance_team(request.user)
    when = _year(year)
    found = get_object_or_404(PlanReview, plan=plan, year=when)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the buttons to change the review's state.")
    else:
        try:
            moved = services.review_move(
                acting_user=user,
                review=found,
                move=form.cleaned_data["move"],
                version=form.cleaned_data["version"],
            )
        except services.AssuranceRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request, f"The QA review of {plan.title} is {rules.state_words(moved.state)}."
            )
    return redirect("assurance_review", Period(when).slug, plan.code)


# -- the rolling programme ------------------------------------------------------------------------


def programme(request: HttpRequest) -> HttpResponse:
    """The year's programme of divisional and team plan reviews: due, reviewed, not yet; and
    the plans to add to it."""
    user = access.access_performance_team(request.user)
    years = selectors.programme_years()
    year = selectors.chosen_year(request.GET.get("year", ""), years)
    unscheduled = list(selectors.unscheduled_plans(year))
    form = ScheduleForm(request.POST or None, plans=unscheduled)
    if request.method == "POST" and form.is_valid():
        added = services.programme_schedule(
            acting_user=user, year=year, plans=form.cleaned_data["plans"]
        )
        messages.success(
            request, f"{len(added)} plan(s) added to the {Period(year)} review programme."
        )
        return redirect(f"{reverse('assurance_programme')}?year={Period(year).slug}")
    entries = list(selectors.programme_entries(year))
    context = {
        "year": Period(year),
        "years": selectors.year_choices(years, year),
        "counts": selectors.programme_entries(year).counts(),
        "reviewed": [entry for entry in entries if entry.is_reviewed],
        "not_reviewed": [entry for entry in entries if not entry.is_reviewed],
        "unscheduled": unscheduled,
        "totals": selectors.lower_plan_count(),
        "form": form,
    }
    return render(request, "assurance/programme.html", context, status=400 if form.errors else 200)


def programme_review(request: HttpRequest, year: str, code: str) -> HttpResponse:
    """Record who reviewed a divisional or team plan, when, and with what result (a plan not
    in the year's programme is added to it)."""
    user = access.access_performance_team(request.user)
    plan = get_object_or_404(selectors.lower_plans().select_related("department"), code=code)
    when = _year(year)
    entry = ProgrammeReview.objects.filter(plan=plan, year=when).select_related("reviewer").first()
    initial = {}
    if entry is not None and entry.is_reviewed:
        initial = {
            "reviewer": str(entry.reviewer_id),
            "reviewed_on": entry.reviewed_on,
            "result": entry.result,
            "notes": entry.notes,
        }
    form = ProgrammeRecordForm(
        request.POST or None, reviewers=list(selectors.performance_officers()), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        if entry is None:
            entry = services.programme_schedule(acting_user=user, year=when, plans=[plan])[0]
        services.programme_record(
            acting_user=user,
            entry=entry,
            reviewer=form.cleaned_data["reviewer"],
            reviewed_on=form.cleaned_data["reviewed_on"],
            result=form.cleaned_data["result"],
            notes=form.cleaned_data["notes"],
        )
        messages.success(request, f"The review of {plan.title} is recorded.")
        return redirect(f"{reverse('assurance_programme')}?year={Period(when).slug}")
    context = {"plan": plan, "year": Period(when), "entry": entry, "form": form}
    return render(
        request, "assurance/programme_review.html", context, status=400 if form.errors else 200
    )


# -- the planning timetable -----------------------------------------------------------------------


def timetable(request: HttpRequest) -> HttpResponse:
    """The year's planning timetable, for everyone: each stage, whom it is due from, and
    whether it is done, due or overdue; the reader's own stages marked."""
    user = access.access_timetable(request.user)
    years = selectors.timetable_years()
    year = selectors.chosen_year(request.GET.get("year", ""), years)
    audiences = selectors.audiences_of_user(user)
    stages = list(TimetableStage.objects.for_year(year))
    rows = selectors.stage_rows(stages, audiences, selectors.today())
    may_edit = Audience.PERFORMANCE_TEAM in audiences
    context = {
        "year": Period(year),
        "years": selectors.year_choices(years, year),
        "rows": rows,
        "audiences": [a.label for a in audiences],
        "overdue": sum(1 for row in rows if row.standing.overdue),
        "problems": rules.timetable_problems((s.kind, s.due) for s in stages) if stages else [],
        "may_edit": may_edit,
    }
    return render(request, "assurance/timetable.html", context)


def timetable_edit(request: HttpRequest, year: str) -> HttpResponse:
    """The performance team adds, changes, marks done and deletes a year's stages."""
    user = access.access_performance_team(request.user)
    when = _year(year)
    stages = list(TimetableStage.objects.for_year(when))
    initial = [
        {
            "pk": stage.pk,
            "name": stage.name,
            "what_is_due": stage.what_is_due,
            "kind": stage.kind,
            "audience": stage.audience,
            "due": stage.due,
            "done_on": stage.done_on,
        }
        for stage in stages
    ]
    formset = cast(
        BaseStageFormSet, StageFormSet(request.POST or None, initial=initial, prefix="stage")
    )
    problem = ""
    if request.method == "POST" and formset.is_valid():
        try:
            counts = services.timetable_save(acting_user=user, year=when, stages=formset.drafts())
        except services.AssuranceRefused as refused:
            problem = str(refused)
        else:
            messages.success(
                request,
                f"The {Period(when)} timetable is saved: {counts['added']} stage(s) added, "
                f"{counts['changed']} changed, {counts['deleted']} deleted.",
            )
            return redirect(f"{reverse('assurance_timetable')}?year={Period(when).slug}")
    failed = request.method == "POST" and (bool(problem) or not formset.is_valid())
    context = {"year": Period(when), "formset": formset, "problem": problem}
    return render(request, "assurance/timetable_form.html", context, status=400 if failed else 200)
