"""The governance pages: flag an item for a PPB, the board's queue, and portfolio-holder
briefings. Each view gets its objects through the access functions, and writes through
governance.services."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from goldenthread import access
from goldenthread.governance import selectors, services
from goldenthread.governance.forms import (
    BriefingForm,
    ClearForm,
    FlagForm,
    action_forms,
    actions_missing,
)
from goldenthread.governance.models import Flag, ItemKind
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import User
from goldenthread.planning.models import Milestone
from goldenthread.planning.periods import Period, PeriodError


def _person(request: HttpRequest) -> User:
    """The person signed in (LoginRequiredMiddleware sees to it), to act as."""
    user = request.user
    if not isinstance(user, User) or not user.is_active:
        raise Http404("Not found")
    return user


# -- flags -------------------------------------------------------------------------------------


def flag_new(request: HttpRequest) -> HttpResponse:
    """Flag an item for discussion at a PPB: asked from a report row or an item's page, with
    the item, the period and the page it came from in the link."""
    user = _person(request)
    params = request.POST if request.method == "POST" else request.GET
    item = access.access_item_to_flag(user, params.get("item", ""), params.get("code", ""))
    boards = list(access.flagging_boards(user))
    period = _period(params.get("period", ""), item)
    back = _back(request, params.get("from", ""), item)
    form = FlagForm(request.POST if request.method == "POST" else None, boards=boards)
    if request.method == "POST" and form.is_valid():
        board = form.cleaned_data["board"]
        try:
            services.flag_raise(
                acting_user=user,
                board=board,
                item=item,
                period=period,
                reason=form.cleaned_data["reason"],
                source_url=back,
            )
        except services.FlagRefused as refused:
            form.add_error("board", str(refused))
        else:
            messages.success(
                request, f"{item.code} is on the {board.name} queue for its next meeting."
            )
            return redirect(back)
    context = {
        "form": form,
        "item": item,
        "kind": ItemKind.INDICATOR if isinstance(item, Indicator) else ItemKind.MILESTONE,
        "period": period,
        "back": back,
        "already": Flag.objects.open().about(item).filter(board__in=boards).with_people(),
    }
    status = 400 if form.errors else 200
    return render(request, "governance/flag_form.html", context, status=status)


def _period(asked: str, item: Indicator | Milestone) -> Period:
    try:
        return Period.parse(asked)
    except PeriodError:
        return selectors.latest_published_period(item)


def _back(request: HttpRequest, asked: str, item: Indicator | Milestone) -> str:
    """The page to return to: the one the flag came from, if it is on this site."""
    if asked.startswith("/") and url_has_allowed_host_and_scheme(
        asked, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return asked
    if isinstance(item, Indicator):
        return reverse("indicator", args=[item.code])
    return reverse("objective", args=[item.objective.code])


def flag_queue(request: HttpRequest, code: str) -> HttpResponse:
    return _queue_page(request, code)


def _queue_page(
    request: HttpRequest, code: str, *, failed: Flag | None = None, form: ClearForm | None = None
) -> HttpResponse:
    board = access.access_flag_queue(request.user, code)
    queue = selectors.board_queue(board, may_clear=access.may_clear_flags(request.user, board))
    context = {"queue": queue, "failed": failed, "failed_form": form}
    return render(request, "governance/queue.html", context, status=400 if form else 200)


@require_POST
def flag_clear(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    user = _person(request)
    flag = access.access_flag_to_clear(user, code, pk)
    form = ClearForm(request.POST)
    if not form.is_valid():
        return _queue_page(request, code, failed=flag, form=form)
    try:
        services.flag_clear(acting_user=user, flag=flag, outcome=form.cleaned_data["outcome"])
    except services.FlagRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"{flag.item_code} is cleared from the queue.")
    return redirect("flag_queue", flag.board.code)


# -- briefings ---------------------------------------------------------------------------------


def briefings_index(request: HttpRequest) -> HttpResponse:
    portfolios = list(access.briefing_portfolios(request.user).order_by("name"))
    if not portfolios:
        raise Http404("Not found")
    recordable = set(access.recordable_portfolios(request.user).values_list("pk", flat=True))
    counts = selectors.briefing_counts(access.visible_briefings(request.user))
    rows = [(p, counts.get(p.pk, 0), p.pk in recordable) for p in portfolios]
    return render(request, "governance/briefings_index.html", {"rows": rows})


def portfolio_briefings(request: HttpRequest, code: str) -> HttpResponse:
    portfolio = access.access_portfolio_briefings(request.user, code)
    briefings = (
        access.visible_briefings(request.user)
        .filter(portfolio=portfolio)
        .select_related("holder", "recorded_by")
        .prefetch_related("actions")
    )
    context = {
        "portfolio": portfolio,
        "briefings": briefings,
        "may_record": access.recordable_portfolios(request.user).filter(pk=portfolio.pk).exists(),
    }
    return render(request, "governance/portfolio_briefings.html", context)


def briefing_new(request: HttpRequest, code: str) -> HttpResponse:
    user = _person(request)
    portfolio = access.access_portfolio_to_brief(user, code)
    data = request.POST if request.method == "POST" else None
    form = BriefingForm(
        data,
        holders=list(selectors.portfolio_holders(portfolio)),
        indicators=list(selectors.portfolio_indicators(portfolio, access.visible_indicators(user))),
        milestones=list(selectors.portfolio_milestones(portfolio, access.visible_objectives(user))),
    )
    actions = action_forms(data)
    actions_error = ""
    if data is not None:
        valid = form.is_valid() & all([row.is_valid() for row in actions])
        actions_error = actions_missing(actions)
        if valid and not actions_error:
            drafts = [row.draft() for row in actions if not row.is_blank]
            briefing = services.briefing_record(
                acting_user=user,
                portfolio=portfolio,
                holder=form.cleaned_data["holder"],
                held_on=form.cleaned_data["held_on"],
                indicators=form.cleaned_data["indicators"],
                milestones=form.cleaned_data["milestones"],
                other_items=form.cleaned_data["other_items"],
                outcomes=form.cleaned_data["outcomes"],
                actions=drafts,
            )
            messages.success(request, "Briefing recorded.")
            return redirect(briefing)
    context = {
        "portfolio": portfolio,
        "form": form,
        "actions": actions,
        "actions_error": actions_error,
        "action_errors": [e for row in actions for errors in row.errors.values() for e in errors],
    }
    status = 400 if data is not None else 200
    return render(request, "governance/briefing_form.html", context, status=status)


def briefing(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.access_briefing(request.user, pk)
    return render(request, "governance/briefing.html", {"briefing": found})
