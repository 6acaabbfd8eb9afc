"""The pages. Each view gets its objects through goldenthread.access, its data from a selector,
and renders: no queries or rules here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from goldenthread import access
from goldenthread.indicators.selectors import indicator_library, indicator_page
from goldenthread.planning import selectors as planning
from goldenthread.web.forms import IndicatorFilterForm
from goldenthread.web.selectors import home_page

LIBRARY_PAGE_SIZE = 50


# -- public pages and signing in and out --------------------------------------------------


@login_not_required
def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    return render(request, "web/landing.html")


sign_in = auth_views.LoginView.as_view(
    template_name="web/sign_in.html", redirect_authenticated_user=True
)
_log_out = auth_views.LogoutView.as_view()  # then to settings.LOGOUT_REDIRECT_URL, the landing page


def sign_out(request: HttpRequest) -> HttpResponse:
    """Signing out changes state, so it takes a POST; a GET shows the button to press."""
    if request.method != "POST":
        return render(request, "web/sign_out.html")
    response = _log_out(request)
    messages.success(request, "You have signed out.")
    return response


# -- the signed-in pages ------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"page": home_page(request.user)})


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
    return render(request, "web/plans/priority.html", {"thread": thread})


def area_of_focus(request: HttpRequest, number: int) -> HttpResponse:
    user = request.user
    thread = planning.area_of_focus_thread(
        access.access_area_of_focus(user, number),
        objectives=access.visible_objectives(user),
        indicators=access.visible_indicators(user),
    )
    return render(request, "web/plans/area_of_focus.html", {"thread": thread})


def department(request: HttpRequest, code: str) -> HttpResponse:
    user = request.user
    page = planning.department_page(
        access.access_department(user, code),
        plans=access.visible_plans(user),
        objectives=access.visible_objectives(user),
        indicators=access.visible_indicators(user),
    )
    return render(request, "web/plans/department.html", {"page": page})


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
    return render(request, "web/plans/objective.html", {"page": page})


def indicators(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = IndicatorFilterForm(
        request.GET,
        priorities=access.visible_priorities(user),
        departments=access.visible_departments(user),
    )
    rows = indicator_library(access.visible_indicators(user), **form.filters())
    page = Paginator(rows, LIBRARY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/indicators/library.html", {"form": form, "page": page})


def indicator(request: HttpRequest, code: str) -> HttpResponse:
    user = request.user
    page = indicator_page(
        access.access_indicator(user, code), objectives=access.visible_objectives(user)
    )
    return render(request, "web/indicators/indicator.html", {"page": page})


def coverage(request: HttpRequest) -> HttpResponse:
    coverage = access.access_thread_coverage(request.user)
    return render(request, "web/coverage.html", {"coverage": coverage})
