package dev.loadgen.core.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The scripts and style sheets the HTML report inlines, read from the class path once: uPlot (from its WebJar,
 * with its MIT licence notice, which must travel with every copy) and the report's own script and styles.
 *
 * <p>Threading: immutable; {@link #get} is safe on any thread (initialised by the class loader).
 */
final class InlineAssets {
    /** The uPlot release on the class path; the WebJar's resource paths carry it. */
    static final String UPLOT_VERSION = "1.6.30";

    private static final String UPLOT = "META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/";
    static final String UPLOT_LICENSE = UPLOT + "LICENSE";
    static final String UPLOT_SCRIPT = UPLOT + "dist/uPlot.iife.min.js";
    static final String UPLOT_STYLE = UPLOT + "dist/uPlot.min.css";
    static final String REPORT_SCRIPT = "dev/loadgen/core/report/html/report.js";
    static final String REPORT_STYLE = "dev/loadgen/core/report/html/report.css";
    /** Every resource read here: a native image must include them. */
    static final List<String> RESOURCES =
            List.of(UPLOT_LICENSE, UPLOT_SCRIPT, UPLOT_STYLE, REPORT_SCRIPT, REPORT_STYLE);

    private static final class Holder {
        static final InlineAssets ASSETS = load();
    }

    final String uplotLicense;
    final String uplotScript;
    final String uplotStyle;
    final String reportScript;
    final String reportStyle;

    private InlineAssets(
            String uplotLicense, String uplotScript, String uplotStyle, String reportScript, String reportStyle) {
        this.uplotLicense = uplotLicense;
        this.uplotScript = uplotScript;
        this.uplotStyle = uplotStyle;
        this.reportScript = reportScript;
        this.reportStyle = reportStyle;
    }

    static InlineAssets get() {
        return Holder.ASSETS;
    }

    private static InlineAssets load() {
        String license = read(UPLOT_LICENSE);
        if (license.contains("*/")) {
            throw new IllegalStateException(UPLOT_LICENSE + " cannot be put in a script comment");
        }
        return new InlineAssets(
                license, script(UPLOT_SCRIPT), style(UPLOT_STYLE), script(REPORT_SCRIPT), style(REPORT_STYLE));
    }

    /**
     * Text inside a script element ends at the first {@code </script}, and {@code <!--} changes how the HTML
     * parser reads it, so a script containing either cannot be inlined as it is.
     */
    private static String script(String name) {
        String text = read(name);
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("</script") || lower.contains("<!--")) {
            throw new IllegalStateException(name + " cannot be inlined in a script element");
        }
        return text;
    }

    private static String style(String name) {
        String text = read(name);
        if (text.toLowerCase(Locale.ROOT).contains("</style")) {
            throw new IllegalStateException(name + " cannot be inlined in a style element");
        }
        return text;
    }

    private static String read(String name) {
        try (InputStream in = InlineAssets.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing class-path resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class-path resource " + name, e);
        }
    }
}
