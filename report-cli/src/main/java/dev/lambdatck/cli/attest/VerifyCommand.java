package dev.lambdatck.cli.attest;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code lambda-tck verify}: checks an attestation bundle offline. */
@Command(name = "verify",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Check an attestation bundle offline: every SHA-256 in MANIFEST.json (and of MANIFEST.json itself),"
                + " no MUST rule FAIL, ERROR, FLAKY or UNEXPECTED_PASS, every automated MUST rule of the suites that ran present,"
                + " the expectations file consistent with the outcomes, and the bundle made by this TCK (catalogue, waivers, jar)."},
        footer = {"%nExamples:",
                "  lambda-tck verify my-platform-bundle",
                "%nExit codes: 0 bundle verified, 1 a check failed (each problem is printed, naming the file), 2 usage error."})
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BUNDLE_DIR", description = "A bundle written by 'lambda-tck attest'.")
    Path bundle;

    @Override
    public Integer call() throws Exception {
        BundleVerifier.Report report = BundleVerifier.verify(bundle);
        PrintWriter out = spec.commandLine().getOut();
        for (String n : report.notes()) out.println("note: " + n);
        if (report.verified()) {
            out.println("bundle verified");
            out.flush();
            return 0;
        }
        out.println("bundle NOT verified (" + report.problems().size() + (report.problems().size() == 1 ? " problem" : " problems") + "):");
        for (String p : report.problems()) out.println("  - " + p);
        out.flush();
        return 1;
    }
}
