"""POST/GET /graphql (and /helium): GraphQL over HTTP, one operation or a batch, through the pipeline.

frame → parameters → authenticate (API key, cookie-session guard, token) → idempotency →
persisted queries → admit → execute each operation in order → settle (app/pipeline/__init__.py).
"""
from __future__ import annotations

from pathlib import Path

from graphql import ExecutionResult, OperationType
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from app.errors import AppError, ErrorCode
from app.graphql.context import Context, RequestDB
from app.graphql.engine.documents import operation_type
from app.graphql.engine.limits import stopped_execution
from app.graphql.errors import format_error
from app.graphql.metering import DEBUG_HEADER, Document, Meter, OperationMeter, admit
from app.graphql.params import OperationParams, RequestParams, read_params
from app.pipeline.authenticate import authenticate_key, authenticate_token, check_cookie_session
from app.pipeline.frame import Frame, build_frame
from app.pipeline.idempotency import idempotency_key, run_once, token_namespace
from app.pipeline.retry import query_retried
from app.services import Services
from app.web.cookies import apply_session_cookie
from app.web.responses import ORJSONResponse, error_response

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
GRAPHIQL_PAGE = Path(__file__).resolve().parent.parent / "static" / "graphiql" / "index.html"


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "query" not in request.query_params


def _response_media_type(request: Request) -> str:
    return GRAPHQL_RESPONSE_JSON if GRAPHQL_RESPONSE_JSON in request.headers.get("accept", "") else "application/json"


async def graphql_endpoint(request: Request) -> Response:
    services: Services = request.app.state.services
    frame = await build_frame(request)
    if request.method == "GET" and _wants_html(request):
        return HTMLResponse(GRAPHIQL_PAGE.read_text(), headers=frame.headers)
    db = RequestDB(services.session_factory, services.hot_reads)
    try:
        params = read_params(frame, max_batch_size=services.settings.max_batch_size)
        api_key = await authenticate_key(services, frame, scope="graphql")
        check_cookie_session(frame, services.settings)
        viewer = await authenticate_token(services, frame)
        ctx = Context(settings=services.settings, db=db, api_key=api_key, request_id=frame.request_id,
                      services=services, token_rejected=frame.auth_token is not None and viewer is None)
        if viewer is not None:
            ctx.user, ctx.token_claims = viewer
        key = idempotency_key(frame)
        if key is not None and _has_mutation(services, params):
            return await run_once(services, frame, api_key, key, path="/graphql", namespace=token_namespace(frame),
                                  run=lambda: _run(services, frame, params, ctx))
        return await _run(services, frame, params, ctx)
    except AppError as err:
        return error_response(err, headers=frame.headers)
    finally:
        await db.finish()


def _has_mutation(services: Services, params: RequestParams) -> bool:
    for op in params.operations:
        document = services.documents.parse(op.query) if op.query else None
        if document is not None and operation_type(document, op.operation_name) == OperationType.MUTATION:
            return True
    return False


async def _run(services: Services, frame: Frame, params: RequestParams, ctx: Context) -> Response:
    """Persisted queries, admit, execute each operation, settle: the response."""
    ops = params.operations
    for op in ops:
        await _resolve_persisted(services, op)
    docs = [Document(op.query, op.variables, op.operation_name) if op.error is None else None for op in ops]
    meter = await admit(services, ctx.api_key, docs, batch=params.batch,
                        debug=frame.request.headers.get(DEBUG_HEADER, "") not in ("", "0", "false"))
    if meter.refusal is not None:
        return ORJSONResponse(meter.refused_body(), status_code=meter.refusal.http_status,
                              headers={**frame.headers, **meter.headers()})

    media_type = _response_media_type(frame.request)
    bodies, status = [], 200
    for op, op_meter in zip(ops, meter.operations):
        op_ctx = ctx if len(ops) == 1 else ctx.for_next_operation()
        body, op_status = await _execute(services, frame, op, op_meter, op_ctx, meter, media_type)
        bodies.append(body)
        status = op_status
    await meter.finish()
    headers = {**frame.headers, **meter.headers()}
    if status == 405:
        headers["allow"] = "POST"
    response = ORJSONResponse(bodies if params.batch else bodies[0], status_code=200 if params.batch else status,
                              media_type=media_type, headers=headers)
    apply_session_cookie(response, ctx.cookie, frame.request, always_secure=services.settings.cookie_secure)
    return response


async def _resolve_persisted(services: Services, op: OperationParams) -> None:
    if op.error is None and op.persisted_hash is not None:
        try:
            op.query = await services.persisted_queries.resolve(op.persisted_hash, op.query)
        except AppError as err:
            op.error = err


async def _execute(services: Services, frame: Frame, op: OperationParams, op_meter: OperationMeter, ctx: Context,
                   meter: Meter, media_type: str) -> tuple[dict, int]:
    """(body, HTTP status) of one operation."""
    refusal = op.error or op_meter.refusal
    if refusal is not None:
        return meter.settle(op_meter, refusal.to_json(), executed=False), refusal.http_status
    prepared = services.documents.prepare(op.query)
    kind = operation_type(prepared.document, op.operation_name) if prepared.document is not None else None
    if kind == OperationType.SUBSCRIPTION:
        error = AppError(ErrorCode.BAD_USER_INPUT, "Subscriptions are not supported")
        return meter.settle(op_meter, error.to_json(), executed=False), 400
    if kind == OperationType.MUTATION and frame.method == "GET":
        error = AppError(ErrorCode.BAD_USER_INPUT, "Mutations must be sent with POST")
        return meter.settle(op_meter, error.to_json(), executed=False), 405
    if prepared.errors:
        result = ExecutionResult(data=None, errors=list(prepared.errors))
    else:
        result, ctx = await query_retried(
            ctx, lambda run_ctx: services.documents.execute(prepared, context=run_ctx, variables=op.variables,
                                                            operation_name=op.operation_name),
            is_query=kind == OperationType.QUERY)
    body: dict = {}
    errors = [format_error(e, frame.request_id) for e in (result.errors or [])]
    errors += [format_error(e, frame.request_id) for e in ctx.extra_errors]
    if errors:
        body["errors"] = errors
    # A request error (parse, validation, variables) means execution never started: no data.
    executed = result.data is not None or not result.errors or any(e.path or stopped_execution(e) for e in result.errors)
    if executed:
        body["data"] = result.data
    status = 400 if media_type == GRAPHQL_RESPONSE_JSON and not executed else 200
    return meter.settle(op_meter, body, executed=executed, data_is_null=result.data is None,
                        errors=result.errors or ()), status
