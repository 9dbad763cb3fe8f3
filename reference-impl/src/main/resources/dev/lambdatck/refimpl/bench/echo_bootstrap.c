/* Minimal echo runtime for the benchmark: one persistent connection, GET /next, POST the event back. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

static char buf[1 << 20];
static size_t have;

static int fill(int fd) {
    ssize_t n = read(fd, buf + have, sizeof(buf) - have);
    if (n <= 0) exit(1);
    have += (size_t) n;
    return 0;
}

/* Reads one response; copies the body into out (up to cap) and the request id into id. Returns body length. */
static size_t response(int fd, char *out, size_t cap, char *id) {
    char *end;
    while (!(end = memmem(buf, have, "\r\n\r\n", 4))) fill(fd);
    size_t head = (size_t) (end - buf) + 4, len = 0;
    buf[head - 2] = 0;
    for (char *line = strstr(buf, "\r\n"); line && *line; line = strstr(line + 2, "\r\n")) {
        char *l = line + 2;
        if (!strncasecmp(l, "content-length:", 15)) len = strtoul(l + 15, NULL, 10);
        if (id && !strncasecmp(l, "lambda-runtime-aws-request-id:", 30)) {
            char *v = l + 30;
            while (*v == ' ') v++;
            size_t k = strcspn(v, "\r\n");
            memcpy(id, v, k);
            id[k] = 0;
        }
    }
    while (have < head + len) fill(fd);
    if (out) memcpy(out, buf + head, len < cap ? len : cap);
    memmove(buf, buf + head + len, have - head - len);
    have -= head + len;
    return len;
}

static void send_all(int fd, const char *p, size_t n) {
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w <= 0) exit(1);
        p += w;
        n -= (size_t) w;
    }
}

int main(void) {
    char *api = getenv("AWS_LAMBDA_RUNTIME_API");
    if (!api) { fprintf(stderr, "AWS_LAMBDA_RUNTIME_API missing\n"); return 1; }
    char host[64];
    int port = 0;
    if (sscanf(api, "%63[^:]:%d", host, &port) != 2) return 1;
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, host, &a.sin_addr);
    if (connect(fd, (struct sockaddr *) &a, sizeof a)) return 1;
    static char event[1 << 20], req[1 << 20 | 1024], id[256];
    const char *next = "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: l\r\n\r\n";
    for (;;) {
        send_all(fd, next, strlen(next));
        size_t n = response(fd, event, sizeof event, id);
        if (n > sizeof event) n = sizeof event;
        int h = snprintf(req, 1024, "POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: l\r\n"
                "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n", id, n);
        memcpy(req + h, event, n);
        send_all(fd, req, (size_t) h + n);
        response(fd, NULL, 0, NULL);
    }
}
