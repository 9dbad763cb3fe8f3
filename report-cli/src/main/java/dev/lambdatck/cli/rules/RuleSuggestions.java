package dev.lambdatck.cli.rules;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** "Did you mean" candidates for a mistyped rule id: the closest ids by edit distance. */
final class RuleSuggestions {

    private record Candidate(String id, int distance) {
    }

    private RuleSuggestions() {
    }

    static List<String> closest(String typed, Collection<String> ids, int max) {
        String t = typed.toUpperCase(Locale.ROOT);
        int limit = Math.max(2, t.length() / 3);
        return ids.stream().map(id -> new Candidate(id, distance(t, id)))
                .filter(c -> c.distance() <= limit)
                .sorted(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::id))
                .limit(max).map(Candidate::id).toList();
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] tmp = prev;
            prev = cur;
            cur = tmp;
        }
        return prev[b.length()];
    }
}
