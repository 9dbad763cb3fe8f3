package dev.lambdatck.core.run;

import dev.lambdatck.core.Blocked;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class ResultCollectorTests {

    @Test
    void anAbortRethrownByAFutureIsStillAnAbort() {
        Blocked blocked = new Blocked("RT-NEXT-002", "no request id");
        Throwable joined = catchThrowable(() -> CompletableFuture.supplyAsync(() -> {
            throw blocked;
        }).join());
        assertThat(joined).isInstanceOf(CompletionException.class);
        assertThat(ResultCollector.wrappedAbort(joined)).isSameAs(blocked);
        assertThat(ResultCollector.wrappedAbort(new ExecutionException(blocked))).isSameAs(blocked);
        assertThat(blocked.getMessage()).isEqualTo("blocked by RT-NEXT-002: no request id");
    }

    @Test
    void otherFailuresAreNotAborts() {
        assertThat(ResultCollector.wrappedAbort(new AssertionError("x"))).isNull();
        assertThat(ResultCollector.wrappedAbort(new CompletionException(new IllegalStateException("x")))).isNull();
        assertThat(ResultCollector.wrappedAbort(new RuntimeException(new Blocked("R", "wrapped by something else")))).isNull();
    }
}
