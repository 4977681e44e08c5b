package dev.loadgen.cli;

import java.util.Collection;
import java.util.Locale;

/** Suggests the known name a mistyped one was probably meant to be. Stateless. */
final class NearestName {
    private NearestName() {}

    /**
     * The one name in {@code known} closest to {@code typed} by edit distance (ignoring case), or null when none is
     * close enough to be an obvious typo or when two are equally close.
     */
    static String among(String typed, Collection<String> known) {
        String lower = typed.toLowerCase(Locale.ROOT);
        int limit = Math.max(1, Math.min(3, lower.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean tie = false;
        for (String name : known) {
            int distance = editDistance(lower, name.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = name;
                bestDistance = distance;
                tie = false;
            } else if (distance == bestDistance) {
                tie = true;
            }
        }
        return best != null && bestDistance <= limit && !tie ? best : null;
    }

    /** Levenshtein distance: insertions, deletions and substitutions, one row of the table at a time. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
