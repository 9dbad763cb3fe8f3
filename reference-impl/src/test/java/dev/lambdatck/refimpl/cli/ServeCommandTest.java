package dev.lambdatck.refimpl.cli;

import dev.lambdatck.refimpl.faults.Fault;
import dev.lambdatck.refimpl.http.Json;
import dev.lambdatck.refimpl.platform.ReferencePlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class ServeCommandTest {

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ServeCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void listsFaultsAsTextAndJson() throws Exception {
        Run text = run("--list-faults");
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("omit-deadline-header").contains("breaks: RT-NEXT-004");
        Run json = run("--list-faults", "--json");
        var arr = Json.MAPPER.readTree(json.out());
        assertThat(arr.size()).isEqualTo(Fault.values().length);
        assertThat(arr.get(0).get("rules").isArray()).isTrue();
    }

    @Test
    void badArgumentsAreClearErrors() {
        Run r = run("--fault", "no-such-fault", "--invoke-port", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown fault 'no-such-fault'");
        Run f = run("--function", "nodir", "--invoke-port", "0");
        assertThat(f.code()).isEqualTo(2);
        assertThat(f.err()).contains("NAME=DIR");
    }

    @Test
    void startsWithFunctionsAndPrintsEndpoints() throws Exception {
        Path code = Files.createDirectories(tmp.resolve("fn"));
        Path b = code.resolve("bootstrap");
        Files.writeString(b, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(b, PosixFilePermissions.fromString("rwxr-xr-x"));
        ServeCommand cmd = new ServeCommand();
        new CommandLine(cmd).parseArgs("--function", "hello=" + code, "--invoke-port", "0");
        try (ReferencePlatform p = cmd.startPlatform()) {
            StringWriter out = new StringWriter();
            ServeCommand.printEndpoints(p, new PrintWriter(out));
            assertThat(out.toString()).contains("/2015-03-31/functions/hello/invocations").contains("curl -sS -X POST");
        }
    }
}
