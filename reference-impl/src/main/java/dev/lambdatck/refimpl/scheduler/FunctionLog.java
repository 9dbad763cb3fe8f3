package dev.lambdatck.refimpl.scheduler;

import java.util.ArrayDeque;

/** Everything a function's environments wrote, newest kept when the bound is reached. */
public final class FunctionLog {

    private final int maxChars;
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private long chars;
    private long dropped;

    public FunctionLog(int maxChars) {
        this.maxChars = maxChars;
    }

    public synchronized void append(String line) {
        lines.addLast(line);
        chars += line.length() + 1;
        while (chars > maxChars && lines.size() > 1) {
            chars -= lines.removeFirst().length() + 1;
            dropped++;
        }
    }

    public synchronized String text() {
        StringBuilder sb = new StringBuilder((int) Math.min(chars + 64, Integer.MAX_VALUE));
        if (dropped > 0) sb.append("[").append(dropped).append(" older lines dropped]\n");
        for (String l : lines) sb.append(l).append('\n');
        return sb.toString();
    }
}
