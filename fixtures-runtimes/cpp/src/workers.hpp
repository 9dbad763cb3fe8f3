// Workers for AWS_LAMBDA_MAX_CONCURRENCY = N > 1 (protocol §4): N child processes, each its own loop.
#pragma once

#include "fixture.hpp"

namespace tck {

// How many worker processes to run; 0 means the process runs the loop itself. `extraWorker` (fault
// extra-worker) runs N+1 for any N >= 1.
int workerCount(bool extraWorker);

// Forks `count` workers running the loop; the parent forwards SIGTERM to them and exits 0 once all exited 0,
// or 1 as soon as one exits otherwise (after killing the others).
[[noreturn]] void runWorkers(Fixture& fx, int count);

}  // namespace tck
