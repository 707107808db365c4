"""The request pipeline: one path for every request, single or batched, GraphQL or REST.

    frame         request id, body (read once), API key secret, authToken   (frame.py)
    authenticate  the API key through the cache and its scope; the token's
                  session and user in one statement                       (authenticate.py)
    idempotency   an Idempotency-Key replays the first response            (idempotency.py)
    admit         limits and API points, one take per request             (app/graphql/metering.py)
    execute       each operation in order                                  (app/graphql/http.py)
    settle        cost, rate-limit headers, cookies, the usage ledger      (app/graphql/metering.py)

GraphQL (app/graphql/http.py) runs every step; REST (app/rest/common.py) runs frame,
authenticate and idempotency around its handler. Transport features are options of a step:
batching and persisted queries of the frame's parameters, cookies of authenticate and settle,
CORS a middleware in front of all of it (app/main.py).
"""
