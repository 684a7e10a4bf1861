# Build: the official Swift image, with the SQLite headers GRDB builds against.
ARG SWIFT_VERSION=6.3
FROM swift:${SWIFT_VERSION}-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product quizfunnel --static-swift-stdlib \
    && mkdir /staging \
    && cp "$(swift build -c release --show-bin-path)/quizfunnel" /staging/

# Run: a slim Debian with the SQLite library, as a non-root user, the database on a volume.
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsqlite3-0 ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin quizfunnel \
    && mkdir -p /app /data \
    && chown quizfunnel /data
WORKDIR /app
COPY --from=build /staging/quizfunnel /usr/local/bin/quizfunnel
COPY Quizzes ./Quizzes
COPY Public ./Public
USER quizfunnel
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["quizfunnel"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080", "--database", "/data/quizfunnel.sqlite"]
