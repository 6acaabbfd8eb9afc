"""The pages. Each view gets its objects through goldenthread.access, its data from a selector,
and renders: no queries or rules here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from goldenthread import access
from goldenthread.governance.selectors import flagging
from goldenthread.indicators.selectors import indicator_library, indicator_page
from goldenthread.performance.services import rating_settings_update, statuses_recalculate
from goldenthread.planning import selectors as planning
from goldenthread.web.forms import IndicatorFilterForm, RatingSettingsForm
from goldenthread.web.selectors import home_page
from goldenthread.web.selectors import performance_team as team
from goldenthread.web.selectors import ratings as rated
from goldenthread.web.selectors.indicator import indicator_ratings

LIBRARY_PAGE_SIZE = 50


# -- the public page (signing in and out are in goldenthread/accounts) ---------------------


@login_not_required
def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    return render(request, "web/landing.html")


# -- the signed-in pages ------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    page = home_page(request.user)
    return render(
        request, "web/home.html", {"page": page, "ratings": rated.rate_home(request.user, page)}
    )


def plans_index(request: HttpRequest) -> HttpResponse:
    user = request.user
    index = planning.plans_index(
        priorities=access.visible_priorities(user),
        departments=access.visible_departments(user),
        plans=access.visible_plans(user),
    )
    return render(request, "web/plans/index.html", {"index": index})


def priority(request: HttpRequest, code: str) -> HttpResponse:
    user = request.user
    thread = planning.priority_thread(
        access.access_priority(user, code),
        objectives=access.visible_objectives(user),
        indicators=access.visible_indicators(user),
    )
    return render(
        request,
        "web/plans/priority.html",
        {"thread": thread, "ratings": rated.rate_priority(user, thread)},
    )


def area_of_focus(request: HttpRequest, number: int) -> HttpResponse:
    user = request.user
    thread = planning.area_of_focus_thread(
        access.access_area_of_focus(user, number),
        objectives=access.visible_objectives(user),
        indicators=access.visible_indicators(user),
    )
    return render(
        request,
        "web/plans/area_of_focus.html",
        {"thread": thread, "ratings": rated.rate_area_of_focus(user, thread)},
    )


def department(request: HttpRequest, code: str) -> HttpResponse:
    user = request.user
    page = planning.department_page(
        access.access_department(user, code),
        plans=access.visible_plans(user),
        objectives=access.visible_objectives(user),
        indicators=access.visible_indicators(user),
    )
    return render(
        request,
        "web/plans/department.html",
        {"page": page, "ratings": rated.rate(user, indicators=page.indicators)},
    )


def plan(request: HttpRequest, code: str) -> HttpResponse:
    user = request.user
    page = planning.plan_page(
        access.access_plan(user, code),
        plans=access.visible_plans(user),
        objectives=access.visible_objectives(user),
    )
    return render(request, "web/plans/plan.html", {"page": page})


def objective(request: HttpRequest, code: str) -> HttpResponse:
    user = request.user
    page = planning.objective_page(
        access.access_objective(user, code),
        indicators=access.visible_indicators(user),
        plans=access.visible_plans(user),
    )
    return render(
        request,
        "web/plans/objective.html",
        {"page": page, "ratings": rated.rate_objective(user, page)},
    )


def indicators(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = IndicatorFilterForm(
        request.GET,
        priorities=access.visible_priorities(user),
        departments=access.visible_departments(user),
    )
    rows = indicator_library(access.visible_indicators(user), **form.filters())
    page = Paginator(rows, LIBRARY_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)  # rated in place, then shown
    ratings = rated.rate(user, indicators=page.object_list)
    return render(
        request, "web/indicators/library.html", {"form": form, "page": page, "ratings": ratings}
    )


def indicator(request: HttpRequest, code: str) -> HttpResponse:
    user = request.user
    page = indicator_page(
        access.access_indicator(user, code),
        objectives=access.visible_objectives(user),
        actuals=access.visible_actuals(user),
    )
    return render(
        request,
        "web/indicators/indicator.html",
        {
            "page": page,
            "ratings": indicator_ratings(user, page),
            "can_correct": access.is_performance_team(user),
            "flagging": flagging(user),  # PPB members and chairs flag it for discussion
        },
    )


def coverage(request: HttpRequest) -> HttpResponse:
    coverage = access.access_thread_coverage(request.user)
    return render(request, "web/coverage.html", {"coverage": coverage})


# -- how ratings work, and the performance team's pages -----------------------------------


def ratings(request: HttpRequest) -> HttpResponse:
    """How ratings work, in plain words, with the council's rules as they are now."""
    return render(request, "web/ratings/guide.html", {"guide": team.ratings_guide(request.user)})


def rating_settings(request: HttpRequest) -> HttpResponse:
    user = access.access_performance_team(request.user)
    page = team.settings_page()
    form = RatingSettingsForm(request.POST or None, instance=page.settings)
    if request.method == "POST" and form.is_valid():
        rating_settings_update(acting_user=user, **form.settings())
        messages.success(
            request,
            "Rating settings saved. New figures are rated with them from now on; published "
            "statuses keep their colours until you recalculate them.",
        )
        return redirect("rating_settings")
    return render(request, "web/ratings/settings.html", {"form": form, "page": page})


def recalculate_statuses(request: HttpRequest) -> HttpResponse:
    """Re-rate published history with the current settings: a deliberate act, confirmed first."""
    user = access.access_performance_team(request.user)
    if request.method != "POST":
        return render(request, "web/ratings/recalculate.html", {"page": team.settings_page()})
    counts = statuses_recalculate(acting_user=user)
    messages.success(
        request,
        f"Statuses recalculated: {counts.created} stored, {counts.updated} re-rated, "
        f"{counts.changed_status} changed status. The audit trail records it.",
    )
    return redirect("rating_settings")


def integrity(request: HttpRequest) -> HttpResponse:
    access.access_performance_team(request.user)
    page = team.integrity_page(team.parse_year(request.GET.get("year")))
    return render(request, "web/integrity.html", {"page": page})
