package dev.lambdatck.refimpl.runtimeapi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdPathTest {

    @Test
    void decodesEveryPercentEncodedByteOnce() {
        assertThat(RequestIdPath.decode("%61%62%2D%63")).isEqualTo("ab-c");
        assertThat(RequestIdPath.decode("a%2541")).isEqualTo("a%41");
        assertThat(RequestIdPath.decode("%C3%A9t%C3%A9")).isEqualTo("été");
    }

    @Test
    void leavesEverythingElseAsItIs() {
        assertThat(RequestIdPath.decode("8476a536-e9f4-11e8-9739-2dfe598c3fcd")).isEqualTo("8476a536-e9f4-11e8-9739-2dfe598c3fcd");
        assertThat(RequestIdPath.decode("a+b")).isEqualTo("a+b");
        assertThat(RequestIdPath.decode("100%")).isEqualTo("100%");
        assertThat(RequestIdPath.decode("%zz%4")).isEqualTo("%zz%4");
    }
}
