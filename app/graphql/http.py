"""POST/GET /graphql (and /helium): the GraphQL over HTTP transport, with API key and authToken."""
from __future__ import annotations

import uuid
from pathlib import Path

import orjson
from strawberry.types.graphql import OperationType
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from strawberry.schema.exceptions import InvalidOperationTypeError

from app.apikeys.service import find_api_key
from app.errors import AppError, ErrorCode
from app.graphql.context import Context, RequestDB
from app.graphql.errors import format_error
from app.graphql.metering import DEBUG_HEADER, admit
from app.graphql.idempotency import idempotent_graphql
from app.users.auth import user_for_token
from app.web.auth import api_key_of, auth_token_of
from app.web.responses import error_response

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
GRAPHIQL_PAGE = Path(__file__).resolve().parent.parent / "static" / "graphiql" / "index.html"


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "query" not in request.query_params


def _response_media_type(request: Request) -> str:
    accept = request.headers.get("accept", "")
    if GRAPHQL_RESPONSE_JSON in accept:
        return GRAPHQL_RESPONSE_JSON
    return "application/json"


async def _read_params(request: Request) -> dict:
    if request.method == "GET":
        params = dict(request.query_params)
        variables = params.get("variables")
        extensions = params.get("extensions")
        try:
            params["variables"] = orjson.loads(variables) if variables else None
            params["extensions"] = orjson.loads(extensions) if extensions else None
        except orjson.JSONDecodeError:
            raise AppError(ErrorCode.BAD_USER_INPUT, "variables and extensions must be JSON") from None
        return params
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if content_type == "application/graphql":
        return {"query": body.decode()}
    if content_type not in ("application/json", ""):
        raise AppError(ErrorCode.BAD_USER_INPUT, "Send the request as application/json")
    try:
        params = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise AppError(ErrorCode.BAD_USER_INPUT, "The request body is not valid JSON") from None
    if isinstance(params, list):
        raise AppError(ErrorCode.BAD_USER_INPUT,
                       "Batched requests (a JSON array of operations) are not supported: send one operation per request")
    if not isinstance(params, dict):
        raise AppError(ErrorCode.BAD_USER_INPUT, "The request body must be a JSON object")
    return params


def _validate_params(params: dict) -> tuple[str, dict | None, str | None, dict | None]:
    query = params.get("query")
    if not isinstance(query, str) or not query.strip():
        raise AppError(ErrorCode.BAD_USER_INPUT, "A GraphQL document is required in `query`", "query")
    variables = params.get("variables")
    if variables is not None and not isinstance(variables, dict):
        raise AppError(ErrorCode.BAD_USER_INPUT, "`variables` must be an object", "variables")
    operation_name = params.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise AppError(ErrorCode.BAD_USER_INPUT, "`operationName` must be a string", "operationName")
    extensions = params.get("extensions")
    if extensions is not None and not isinstance(extensions, dict):
        raise AppError(ErrorCode.BAD_USER_INPUT, "`extensions` must be an object", "extensions")
    return query, variables, operation_name, extensions


async def build_context(request: Request, services, request_id: str) -> Context:
    """The request's context; raises UNAUTHENTICATED without a valid API key."""
    secret = api_key_of(request)
    if not secret:
        raise AppError(ErrorCode.UNAUTHENTICATED,
                       "An API key is required: send `Authorization: Bearer KEY` or `?apiKey=KEY`")
    db = RequestDB(services.session_factory)
    try:
        async with db.read() as session:
            cache = services.api_key_cache  # verified keys, for API_KEY_CACHE_SECONDS (app/apikeys/cache.py)
            api_key = await (cache.find(session, secret=secret) if cache is not None
                             else find_api_key(session, secret=secret))
            if api_key is None:
                raise AppError(ErrorCode.UNAUTHENTICATED, "The API key is not valid")
            if not api_key.allows("graphql"):  # scoped keys (app.apikeys.service.SCOPES)
                raise AppError(ErrorCode.FORBIDDEN, "This API key lacks the `graphql` scope")
            ctx = Context(settings=services.settings, db=db, api_key=api_key, request_id=request_id,
                          services=services)
            token = auth_token_of(request)
            if token:
                found = await user_for_token(session, token=token, secret_key=services.settings.secret_key)
                if found is None:
                    ctx.token_rejected = True
                else:
                    ctx.user, ctx.token_claims = found
            # The read transaction stays open for the resolvers' reads (one snapshot, no extra
            # COMMIT/BEGIN); a mutation's ctx.db.transaction() ends it before BEGIN IMMEDIATE.
    except BaseException:
        await db.close()
        raise
    return ctx


async def graphql_endpoint(request: Request) -> Response:
    # Idempotency-Key on POSTed mutations: a retry replays the first response (app/graphql/idempotency.py).
    return await idempotent_graphql(request, _graphql_request)


async def _graphql_request(request: Request) -> Response:
    services = request.app.state.services
    request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
    headers = {"x-request-id": request_id}

    if request.method == "GET" and _wants_html(request):
        return HTMLResponse(GRAPHIQL_PAGE.read_text(), headers=headers)
    if request.method not in ("GET", "POST"):
        return Response(status_code=405, headers={**headers, "allow": "GET, POST"})

    try:
        query, variables, operation_name, _extensions = _validate_params(await _read_params(request))
        ctx = await build_context(request, services, request_id)
    except AppError as err:
        return error_response(err, headers=headers)

    # API points: limits and the key's budget, before anything runs (app/graphql/metering.py).
    meter = await admit(services, ctx.api_key, query=query, variables=variables, operation_name=operation_name,
                        debug=request.headers.get(DEBUG_HEADER, "") not in ("", "0", "false"))
    if meter.refusal is not None:
        await ctx.db.close()
        return meter.refused_response(headers)

    allowed = (OperationType.QUERY,) if request.method == "GET" else (
        OperationType.QUERY, OperationType.MUTATION)
    try:
        result = await services.schema.execute(
            query, variable_values=variables, context_value=ctx, operation_name=operation_name,
            allowed_operation_types=allowed,
        )
    except InvalidOperationTypeError:
        error = AppError(ErrorCode.BAD_USER_INPUT, "Mutations must be sent with POST")
        return await meter.respond(error.to_json(), status=405, headers={**headers, "allow": "POST"}, executed=False)
    finally:
        await ctx.db.close()

    body: dict = {}
    errors = [format_error(e, request_id) for e in (result.errors or [])]
    errors += [format_error(e, request_id) for e in ctx.extra_errors]
    if errors:
        body["errors"] = errors
    # A request error (parse, validation, variables) means execution never started: no data.
    executed = result.data is not None or not result.errors or any(e.path for e in result.errors)
    if executed:
        body["data"] = result.data
    if result.extensions:
        body["extensions"] = result.extensions

    media_type = _response_media_type(request)
    status = 200
    if media_type == GRAPHQL_RESPONSE_JSON and "data" not in body:
        status = 400
    return await meter.respond(body, status=status, media_type=media_type, headers=headers, errors=result.errors,
                               data_is_null=result.data is None, executed=executed)
