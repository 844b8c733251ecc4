# newsnorm as a container image: a static binary, run as a non-root user,
# with /data as its working directory and volume (state, out/, WARCs).
#
#   docker build -t newsnorm --build-arg COMMIT=$(git rev-parse HEAD) .
#   docker run --rm -v "$PWD/data:/data" -v "$PWD/config.yaml:/etc/newsnorm/config.yaml:ro" \
#     newsnorm crawl --config /etc/newsnorm/config.yaml
#
# The Kubernetes manifests in docs/k8s run this image.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG COMMIT=""
RUN CGO_ENABLED=0 go build -trimpath -buildvcs=false -ldflags "-s -w -X main.commit=${COMMIT}" -o /out/newsnorm ./cmd/newsnorm

# alpine rather than distroless/static: docs/k8s/statefulset.yaml runs the
# backfill from a shell.
FROM alpine:3.22
RUN apk add --no-cache ca-certificates \
 && adduser -D -H -u 10001 newsnorm \
 && mkdir -p /data /etc/newsnorm && chown newsnorm /data
COPY --from=build /out/newsnorm /usr/local/bin/newsnorm
USER 10001
WORKDIR /data
VOLUME /data
ENTRYPOINT ["newsnorm"]
CMD ["--help"]
