package dev.lambdatck.tck.layers.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Rewrites the declared uncompressed size of a single-entry archive (local header and central directory) without
 * touching the data, so the archive understates what it really holds (a zip bomb's trick).
 */
public final class LyingZip {

    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int CENTRAL_HEADER = 0x02014b50;

    private LyingZip() {
    }

    public static void declareSize(Path zip, int declared) {
        try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (intAt(ch, 0) != LOCAL_HEADER) throw new IllegalStateException(zip + " does not start with a local header");
            putInt(ch, 22, declared);
            // the central directory is near the end; search backwards for its single header
            int window = (int) Math.min(size, 64 * 1024);
            ByteBuffer tail = ByteBuffer.allocate(window).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(tail, size - window);
            for (int i = window - 4; i >= 0; i--) {
                if (tail.getInt(i) == CENTRAL_HEADER) {
                    putInt(ch, size - window + i + 24, declared);
                    return;
                }
            }
            throw new IllegalStateException(zip + ": no central directory header found");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int intAt(FileChannel ch, long pos) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(b, pos);
        return b.getInt(0);
    }

    private static void putInt(FileChannel ch, long pos, int value) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value);
        ch.write(b, pos);
    }
}
