package dev.lambdatck.cli.attest;

import java.util.List;

/** The files of an attestation bundle. */
final class Bundle {

    static final String RESULTS = "results.json";
    static final String TARGET_JSON = "target.json";
    static final String TARGET_YAML = "target.yaml";
    static final String ENVIRONMENT = "environment.json";
    static final String TCK = "tck.json";
    /** Only when the run used an expectations file. */
    static final String EXPECTATIONS = "expectations.yaml";

    /** Every bundle has these, besides the manifest and its digest. */
    static final List<String> REQUIRED = List.of(RESULTS, TARGET_JSON, TARGET_YAML, ENVIRONMENT, TCK);

    /** Every name a bundle may hold. */
    static final List<String> ALL = List.of(RESULTS, TARGET_JSON, TARGET_YAML, ENVIRONMENT, TCK, EXPECTATIONS,
            Manifest.FILE, Manifest.DIGEST_FILE);

    private Bundle() {
    }
}
