# The Learner API as a container: build the wheel, install it in a slim image, run as a non-root user.
#   docker build -t learner-api .
#   docker run -e SECRET_KEY=… -e DATABASE_URL=postgresql://… -p 8000:8000 learner-api
# compose.yaml runs it with PostgreSQL and Redis (docs/operations.md).

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY app ./app
# The wheel of the project and of each dependency, installed below without a compiler or the sources.
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
RUN useradd --system --create-home --uid 10001 learner
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links /wheels learner-api && rm -rf /wheels
USER learner
WORKDIR /home/learner
ENV DATA_DIR=/home/learner/data \
    HOST=0.0.0.0 \
    PORT=8000 \
    LOG_FORMAT=json \
    PYTHONUNBUFFERED=1
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/livez' % os.environ.get('PORT', '8000'), timeout=2)"]
# Migrates (under a lock, so several replicas may start together), then serves.
# A deployment that migrates in its own step runs `learner-api migrate` first and `serve --no-migrate` here.
CMD ["learner-api", "serve"]
