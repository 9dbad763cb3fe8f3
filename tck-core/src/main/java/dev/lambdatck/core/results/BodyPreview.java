package dev.lambdatck.core.results;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Turns a body into a bounded, printable preview for the evidence log. */
final class BodyPreview {

    private BodyPreview() {
    }

    static String of(byte[] body, int maxChars) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
            if (text.chars().allMatch(c -> c >= 0x20 || c == '\n' || c == '\r' || c == '\t')) {
                return text.length() <= maxChars ? text
                        : text.substring(0, maxChars) + "… [" + (text.length() - maxChars) + " more chars]";
            }
        } catch (CharacterCodingException binary) {
            // fall through to hex
        }
        int n = Math.min(body.length, maxChars / 2);
        String hex = HexFormat.of().formatHex(body, 0, n);
        return "hex:" + hex + (n < body.length ? "… [" + (body.length - n) + " more bytes]" : "");
    }
}
