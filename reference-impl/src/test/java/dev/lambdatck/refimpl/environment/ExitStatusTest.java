package dev.lambdatck.refimpl.environment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExitStatusTest {

    @Test
    void describesLikeLambda() {
        assertThat(ExitStatus.ofCode(2).describe()).isEqualTo("exit status 2");
        assertThat(ExitStatus.ofSignal(9).describe()).isEqualTo("signal: killed");
        assertThat(ExitStatus.ofSignal(11)).isEqualTo(new ExitStatus(null, "SIGSEGV"));
        assertThat(ExitStatus.ofSignal(11).describe()).isEqualTo("signal: segmentation fault");
        assertThat(ExitStatus.ofSignal(6).describe()).isEqualTo("signal: aborted");
    }

    @Test
    void reservedNamesIncludeUnderscorePrefix() {
        assertThat(LambdaEnvironment.isReserved("_ANYTHING")).isTrue();
        assertThat(LambdaEnvironment.isReserved("AWS_LAMBDA_RUNTIME_API")).isTrue();
        assertThat(LambdaEnvironment.isReserved("PATH")).isFalse();
        assertThat(LambdaEnvironment.isReserved("LD_LIBRARY_PATH")).isFalse();
    }
}
