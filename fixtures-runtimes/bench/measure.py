#!/usr/bin/env python3
"""Measures the fixture runtimes against a tiny fake Runtime API on loopback.

cold start: from starting the bootstrap process to its first GET /next arriving (median of --starts runs).
per invocation: from the /next answer being written to the /response arriving, for a 16-byte plain event
(median and p95 over --invocations runs, after a warm-up). Standard library only.
"""
import argparse, os, socket, statistics, subprocess, sys, threading, time, uuid

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = ["shell", "cpp", "rust"]


class FakeApi:
    """Answers /next from a queue and timestamps every request (one request per connection or keep-alive)."""

    def __init__(self):
        self.srv = socket.socket()
        self.srv.bind(("127.0.0.1", 0))
        self.srv.listen(16)
        self.addr = "127.0.0.1:%d" % self.srv.getsockname()[1]
        self.lock = threading.Condition()
        self.events = []
        self.first_next = None
        self.sent_at = {}
        self.answered_at = {}
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.srv.accept()
            except OSError:
                return
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        f = conn.makefile("rb")
        try:
            while True:
                line = f.readline()
                if not line:
                    return
                method, path, _ = line.decode().split(" ", 2)
                length, close = 0, False
                while True:
                    h = f.readline().strip()
                    if not h:
                        break
                    k, v = h.decode("latin-1").split(":", 1)
                    if k.lower() == "content-length":
                        length = int(v)
                    if k.lower() == "connection" and v.strip().lower() == "close":
                        close = True
                if length:
                    f.read(length)
                now = time.perf_counter()
                if path.endswith("/next"):
                    with self.lock:
                        if self.first_next is None:
                            self.first_next = now
                        self.lock.notify_all()
                        while not self.events:
                            self.lock.wait()
                        rid, body = self.events.pop(0)
                    head = ("HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: %s\r\nLambda-Runtime-Deadline-Ms: %d\r\n"
                            "Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:000000000000:function:bench\r\n"
                            "Content-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n"
                            % (rid, int(time.time() * 1000) + 60000, len(body)))
                    self.sent_at[rid] = time.perf_counter()
                    conn.sendall(head.encode() + body)
                else:
                    rid = path.split("/")[-2]
                    with self.lock:
                        self.answered_at[rid] = now
                        self.lock.notify_all()
                    conn.sendall(b"HTTP/1.1 202 Accepted\r\nContent-Length: 15\r\n\r\n{\"status\":\"OK\"}")
                if close:
                    return
        except (OSError, ValueError):
            return
        finally:
            conn.close()

    def wait(self, predicate, timeout):
        end = time.monotonic() + timeout
        with self.lock:
            while not predicate():
                left = end - time.monotonic()
                if left <= 0:
                    raise TimeoutError("fixture did not answer within %.0f s" % timeout)
                self.lock.wait(left)

    def invoke(self, body, timeout=10):
        rid = str(uuid.uuid4())
        with self.lock:
            self.events.append((rid, body))
            self.lock.notify_all()
        self.wait(lambda: rid in self.answered_at, timeout)
        return self.answered_at[rid] - self.sent_at[rid]

    def close(self):
        self.srv.close()


def start(bootstrap, api):
    env = dict(os.environ, AWS_LAMBDA_RUNTIME_API=api.addr)
    return subprocess.Popen([bootstrap], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(proc):
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def measure(bootstrap, starts, invocations):
    colds = []
    for _ in range(starts):
        api = FakeApi()
        t0 = time.perf_counter()
        proc = start(bootstrap, api)
        try:
            api.wait(lambda: api.first_next is not None, 10)
            colds.append(api.first_next - t0)
        finally:
            stop(proc)
            api.close()
    api = FakeApi()
    proc = start(bootstrap, api)
    try:
        for _ in range(min(20, invocations)):
            api.invoke(b"0123456789abcdef")
        per = sorted(api.invoke(b"0123456789abcdef") for _ in range(invocations))
    finally:
        stop(proc)
        api.close()
    p95 = per[min(len(per) - 1, int(len(per) * 0.95))]
    return statistics.median(colds), statistics.median(per), p95


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("fixtures", nargs="*", default=FIXTURES, help="fixture names (default: all three)")
    ap.add_argument("--starts", type=int, default=10)
    ap.add_argument("--invocations", type=int, default=200)
    args = ap.parse_args()
    print("%-6s %16s %22s %18s" % ("fixture", "cold start (ms)", "per invocation (us)", "p95 (us)"))
    status = 0
    for name in args.fixtures:
        bootstrap = os.path.join(HERE, "..", name, "target", "bootstrap")
        if not os.access(bootstrap, os.X_OK):
            print("%-6s not built (%s missing; run %s/build.sh)" % (name, os.path.normpath(bootstrap), name))
            status = 1
            continue
        try:
            cold, per, p95 = measure(bootstrap, args.starts, args.invocations)
        except TimeoutError as e:
            print("%-6s failed: %s" % (name, e))
            status = 1
            continue
        print("%-6s %16.1f %22.0f %18.0f" % (name, cold * 1e3, per * 1e6, p95 * 1e6))
    return status


if __name__ == "__main__":
    sys.exit(main())
