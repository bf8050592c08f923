package dev.shadowpipeline.cli.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.app.config.IoReasons;
import dev.shadowpipeline.app.shadowtest.JudgeRun;
import dev.shadowpipeline.app.shadowtest.JudgeSetup;
import dev.shadowpipeline.cli.CliContext;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.UsageException;
import dev.shadowpipeline.report.text.JudgeText;
import dev.shadowpipeline.shadow.judge.JudgeConfig;
import dev.shadowpipeline.shadow.judge.JudgementsFile;
import dev.shadowpipeline.shadow.redact.UrlSecrets;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shadow judge}: the pairwise judge on the diverged pairs of an existing records file. */
@Command(
    name = "judge",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Ask a judge model which answer is better, for the diverged pairs of a records file.",
    synopsisHeading = "%nUsage: ",
    customSynopsis = "shadow judge --records DIR --config shadow.yaml [--max-calls N]",
    description = {
      "",
      "Reads records.jsonl and sends each pair whose text diverged (a text or semantic difference at or above "
          + "compare.judge.min-severity) to the judge configured in the 'compare: judge:' section of the config file "
          + "(an OpenAI-compatible chat/completions endpoint; the key comes from the environment through $${VAR}). "
          + "Verdicts are appended to DIR/judgements.jsonl; pairs that already have a verdict there are left out, so "
          + "a run cut short or out of budget resumes where it stopped. 'All told' counts the verdicts there on "
          + "this file's records; those on records not in it (a replaced records.jsonl) are left out, and the "
          + "line says how many. Run 'shadow report --records DIR' afterwards "
          + "to see them in the report and summary.json, and 'shadow gate --min-judge-win-rate X' to gate on them.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 judged (judge errors are counted, not fatal); 2 bad usage, config, records (an empty file, "
          + "or one in which no line is a record: judgements.jsonl is then left as it was) or judgements.jsonl "
          + "(not a file, not UTF-8)."
    })
public final class JudgeCommand implements Callable<Integer> {

  @Option(
      names = "--records",
      paramLabel = "DIR",
      required = true,
      order = 1,
      description = "Output folder of proxy or replay (or its records.jsonl).")
  Path records;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      required = true,
      order = 2,
      description = "YAML file with a 'compare: judge:' section (url, model, key, prompt, ...).")
  Path config;

  @Option(
      names = "--max-calls",
      paramLabel = "N",
      order = 3,
      description = "Most judge calls in this run (default: compare.judge.max-calls, else 500).")
  Integer maxCalls;

  private final CliContext ctx;

  JudgeCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    Path file = RecordsInput.file(records);
    Path dir = Files.isDirectory(records) ? records : file.toAbsolutePath().getParent();
    JudgeConfig judge = JudgeSetup.fromFile(config, ctx.env(), ctx::warn);
    if (judge == null) {
      throw new UsageException(
          "--config: " + config + " has no 'compare: judge:' section (url, model, key, ...)");
    }
    if (maxCalls != null) {
      if (maxCalls < 0) {
        throw new UsageException("--max-calls must not be negative: " + maxCalls);
      }
      judge = judge.withMaxCalls(maxCalls);
    }
    JudgeConfig judging = judge;
    Runnable started =
        () ->
            ctx.out()
                .printf(
                    "Judging the diverged pairs of %s with %s, model %s (at most %d calls)%n",
                    file,
                    UrlSecrets.maskAll(judging.url().toString()),
                    judging.model(),
                    judging.maxCalls());
    JudgeRun.Result result;
    Path judgements = dir.resolve(JudgementsFile.FILE);
    try {
      result = JudgeRun.run(file, dir, judge, new ObjectMapper(), started);
    } catch (IOException e) {
      // judgements.jsonl is read and appended to beside the records: name the file that failed
      if (e instanceof FileSystemException fs && judgements.toString().equals(fs.getFile())) {
        throw new UsageException(
            "cannot read " + judgements + ": " + IoReasons.reason(e, judgements), e);
      }
      throw new UsageException("cannot judge " + file + ": " + IoReasons.reason(e, file), e);
    }
    if (result.records() == 0) {
      // nothing was judged, and judgements.jsonl was left as it was
      throw result.badLines() > 0
          ? RecordsInput.unreadable(file, result.badLines(), result.problems())
          : new UsageException("--records: no records in " + file + ": nothing to judge");
    }
    if (result.badLines() > 0) {
      ctx.err()
          .printf("warning: skipped %s of %s%n", UnreadableLines.count(result.badLines()), file);
    }
    result.repeatedIds().ifPresent(w -> ctx.err().printf("warning: %s: %s%n", file, w));
    ctx.out()
        .printf(
            "Read %d records: %d diverged pairs to judge, %d already judged; %d judge calls%n",
            result.records(), result.diverged(), result.resumed(), result.calls());
    ctx.out().println("This run:  " + JudgeText.line(result.run()));
    ctx.out().println("All told:  " + JudgeText.line(result.total()));
    ctx.out().printf("Appended to %s%n", judgements);
    return ExitCode.OK;
  }
}
