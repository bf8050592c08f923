package dev.shadowpipeline.cli;

import dev.shadowpipeline.app.config.ConfigException;
import dev.shadowpipeline.app.config.ConfigFile;
import dev.shadowpipeline.app.config.ConfigKeys;
import dev.shadowpipeline.app.config.ConfigTree;
import dev.shadowpipeline.app.shadowtest.ComparisonSetup;
import dev.shadowpipeline.cli.config.ConfigDefaults;
import dev.shadowpipeline.cli.demo.DemoCommand;
import dev.shadowpipeline.cli.demo.DemoModelCommand;
import dev.shadowpipeline.cli.drift.DriftCommand;
import dev.shadowpipeline.cli.drift.SimulateCommand;
import dev.shadowpipeline.cli.proxy.ProxyCommand;
import dev.shadowpipeline.cli.records.GateCommand;
import dev.shadowpipeline.cli.records.JudgeCommand;
import dev.shadowpipeline.cli.records.LabelsCommand;
import dev.shadowpipeline.cli.records.ReportCommand;
import dev.shadowpipeline.cli.replay.RegressCommand;
import dev.shadowpipeline.cli.replay.ReplayCommand;
import dev.shadowpipeline.fleet.kafka.KafkaSettings;
import java.io.Console;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code shadow} command: entry point, error contract and exit codes. */
@Command(
    name = "shadow",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    synopsisSubcommandLabel = "COMMAND",
    usageHelpAutoWidth = true,
    description = {
      "Shadow Pipeline: put a candidate model next to the one in production and learn, before switching, whether "
          + "it behaves (shadow traffic) and whether the world has moved (data drift).",
      ""
    },
    subcommands = {
      DemoCommand.class,
      ProxyCommand.class,
      ReplayCommand.class,
      RegressCommand.class,
      GateCommand.class,
      ReportCommand.class,
      dev.shadowpipeline.cli.fleet.CollectCommand.class,
      JudgeCommand.class,
      LabelsCommand.class,
      DemoModelCommand.class,
      SimulateCommand.class,
      DriftCommand.class,
      dev.shadowpipeline.cli.monitor.ScheduleCommand.class,
      dev.shadowpipeline.cli.monitor.SiteCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Start with 'shadow demo'. Run 'shadow COMMAND --help' for a command's options; options can also come from a "
          + "YAML file (--config).",
      "",
      "Exit codes: 0 success; 1 a check ran and failed; 2 bad usage, config or input (one line on stderr says what)."
    })
public final class ShadowCli implements Runnable {

  /** Config-file sections and the command whose options they hold. */
  private static final List<String> CONFIGURABLE =
      List.of(
          "proxy", "replay", "regress", "simulate", "drift", "labels", "gate", "report", "collect");

  /**
   * Commands whose components log at INFO as they work: the servers, which run until stopped, and the demo, which
   * quiets the components it reports on itself.
   */
  private static final Set<String> LOGGING_COMMANDS =
      Set.of("proxy", "schedule", "collect", "demo-model", "demo");

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Debug logging, and stack traces with errors.")
  boolean verbose;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required (try 'shadow demo')");
  }

  public static void main(String[] args) {
    boolean tty = isTerminal();
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = execute(args, new CliContext(out, err, System.getenv(), tty));
    out.flush();
    err.flush();
    System.exit(code);
  }

  // up to JDK 21 System.console() is null unless the program runs in a terminal; from JDK 22 on it
  // is there either
  // way, and Console.isTerminal() (JDK 22, so called by reflection under --release 17) tells
  @SuppressWarnings(
      "SystemConsoleNull") // the null check is the answer on JDK 17 to 21; isTerminal() on newer
  // ones
  private static boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // before JDK 22 there is a console only in a terminal
    }
  }

  /** Runs the command line in-process and returns its exit code; nothing here calls {@code System.exit}. */
  public static int execute(String[] args, CliContext ctx) {
    boolean verbose = List.of(args).contains("--verbose");
    Logging.configure(verbose);
    // a command run once says itself what it did, on stdout, and on a failure stderr is the one
    // error line: its components' INFO lines ("store ... ready", "alert delivered") would come
    // before it. The servers keep them: there the log is the report.
    CommandLine cli = new CommandLine(new ShadowCli(), factory(ctx));
    String command = command(cli, args);
    Logging.Quieted quieted =
        command == null || LOGGING_COMMANDS.contains(command)
            ? () -> {}
            : Logging.quietFor("dev.shadowpipeline");
    try {
      return execute(cli, args, ctx, verbose);
    } finally {
      quieted.close(); // in-process callers (tests) run other commands next
    }
  }

  private static int execute(CommandLine cli, String[] args, CliContext ctx, boolean verbose) {
    cli.setOut(ctx.out()).setErr(ctx.err());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    Map<String, ConfigDefaults> configs;
    try {
      configs = attachConfig(cli, args, ctx);
    } catch (ConfigException e) {
      ctx.err().println("error: " + e.getMessage());
      return ExitCode.USAGE;
    }
    cli.setParameterExceptionHandler(
        (ex, arguments) -> {
          ctx.err()
              .println(
                  "error: "
                      + describe(ex, arguments, configs)
                      + " (see '"
                      + ex.getCommandLine().getCommandSpec().qualifiedName()
                      + " --help')");
          return ExitCode.USAGE;
        });
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof ConfigException) {
            ctx.err().println("error: " + ex.getMessage());
            if (verbose) {
              ex.printStackTrace(ctx.err());
            }
            return ExitCode.USAGE;
          }
          ctx.err()
              .println(
                  "error: "
                      + ex
                      + " (this is a bug in Shadow Pipeline"
                      + (verbose
                          ? "; please report it with the stack trace below)"
                          : "; run with --verbose for details)"));
          if (verbose) {
            ex.printStackTrace(ctx.err());
          }
          return ExitCode.INTERNAL;
        });
    return cli.execute(args);
  }

  // the first argument naming a subcommand, as picocli finds it (its options come after it)
  private static String command(CommandLine cli, String[] args) {
    for (String arg : args) {
      if (cli.getSubcommands().containsKey(arg)) {
        return arg;
      }
    }
    return null;
  }

  private static IFactory factory(CliContext ctx) {
    return new IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        try {
          Constructor<K> withContext = cls.getDeclaredConstructor(CliContext.class);
          withContext.setAccessible(true);
          return withContext.newInstance(ctx);
        } catch (NoSuchMethodException e) {
          return CommandLine.defaultFactory().create(cls);
        }
      }
    };
  }

  /**
   * Finds {@code --config FILE} for the command being run, loads it, checks every section and key against the
   * options of the command they belong to, and installs it as that command's defaults. A command whose
   * {@code --config} is a file of another kind ({@code schedule}'s monitor.yaml) reads it itself.
   */
  private static Map<String, ConfigDefaults> attachConfig(
      CommandLine cli, String[] args, CliContext ctx) {
    Map<String, ConfigDefaults> installed = new HashMap<>();
    String command = command(cli, args);
    if (command == null || !CONFIGURABLE.contains(command)) {
      return installed;
    }
    String configPath = ConfigFile.pathArgument(args).orElse(null);
    CommandLine sub = cli.getSubcommands().get(command);
    if (configPath == null || sub.getCommandSpec().findOption("--config") == null) {
      return installed;
    }
    ConfigFile file = ConfigFile.load(Path.of(configPath), ctx.env(), ctx::warn);
    checkSections(cli, file);
    ConfigDefaults defaults = new ConfigDefaults(file, command);
    sub.setDefaultValueProvider(defaults);
    installed.put(command, defaults);
    return installed;
  }

  // one file serves every command: each option section is checked against its command's options,
  // whichever runs;
  // compare: and redact: are checked by the commands that read them
  private static void checkSections(CommandLine cli, ConfigFile file) {
    List<String> sections = new ArrayList<>(CONFIGURABLE);
    sections.addAll(ComparisonSetup.SECTIONS);
    sections.add(KafkaSettings.SECTION); // read by the commands that reach a broker
    ConfigTree root = file.root().keys(ConfigKeys.of(sections));
    KafkaSettings.fromFile(file); // its keys and values, whichever command reaches a broker
    for (String name : CONFIGURABLE) {
      ConfigTree section = root.child(name);
      if (section != null) {
        section
            .keys(ConfigKeys.of(configKeys(cli.getSubcommands().get(name).getCommandSpec())))
            .options();
      }
    }
  }

  private static List<String> configKeys(CommandSpec spec) {
    List<String> keys = new ArrayList<>();
    for (OptionSpec o : spec.options()) {
      String key = ConfigDefaults.keyOf(o);
      if (!List.of("config", "help", "version", "verbose").contains(key)) {
        keys.add(key);
      }
    }
    return keys;
  }

  // picocli's messages name the flag; when the bad value came from the file, name the file and key
  // instead
  private static String describe(
      ParameterException ex, String[] args, Map<String, ConfigDefaults> configs) {
    String message = ex.getMessage();
    if (ex instanceof UnmatchedArgumentException unmatched
        && !unmatched.getSuggestions().isEmpty()) {
      message += " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)";
    }
    ArgSpec arg = ex.getArgSpec();
    ConfigDefaults defaults = configs.get(ex.getCommandLine().getCommandName());
    if (arg instanceof OptionSpec option
        && defaults != null
        && defaults.supplied(option.longestName())
        && !onCommandLine(option, args)) {
      String detail = message.replaceFirst("^Invalid value for option '[^']*':\\s*", "");
      return defaults.describe(option.longestName()) + ": " + detail;
    }
    return message;
  }

  private static boolean onCommandLine(OptionSpec option, String[] args) {
    for (String arg : args) {
      for (String name : option.names()) {
        if (arg.equals(name) || arg.startsWith(name + "=")) {
          return true;
        }
      }
    }
    return false;
  }

  /** Renders a command's usage, for tests and docs. */
  static String usage(String... command) {
    StringWriter text = new StringWriter();
    CommandLine cli =
        new CommandLine(
            new ShadowCli(),
            factory(new CliContext(new PrintWriter(text), new PrintWriter(text), Map.of(), false)));
    CommandLine target = cli;
    for (String c : command) {
      target = target.getSubcommands().get(c);
    }
    return target.getUsageMessage();
  }
}
