package io.hireflow.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hireflow.client.output.Views;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code render}: has the API render the report deliverables, then downloads them. */
@Command(name = "render", description = "Renders the reports of a year (CSV, PNG and SVG charts, index.html) "
        + "and downloads every file into --out, so they land locally even when the client runs outside the "
        + "shared volume.")
class RenderCommand extends ApiCommand {

    @Option(names = "--year", defaultValue = "2021", description = "Year of hires (default ${DEFAULT-VALUE}).")
    int year;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "deliverables",
            description = "Where to save the files (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    protected int run(Session session) {
        JsonNode rendered = render(session, year, out);
        session.printer.print(rendered, Views::render);
        return ExitCode.OK;
    }

    /** Renders and downloads; the answer gains {@code savedTo} on each file. Shared with {@code demo}. */
    static JsonNode render(Session session, int year, Path out) {
        JsonNode rendered = session.api.postJson("/reports/render?year=" + year, null, false);
        for (JsonNode file : rendered.path("files")) {
            // Only the file name counts: the API's answer never gets to choose a folder on this machine.
            Path name = Path.of(file.path("name").asText()).getFileName();
            if (name == null || file.path("url").asText().isEmpty()) {
                throw CommandException.error("The render answer lists a file without a name or url: " + file);
            }
            Path target = out.resolve(name.toString());
            session.api.download(Paths.pathOf(file.path("url").asText()), target);
            ((ObjectNode) file).put("savedTo", target.toString());
        }
        session.summary("rendered " + rendered.path("files").size() + " files for " + year + " into " + out);
        return rendered;
    }

}
