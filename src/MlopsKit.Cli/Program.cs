using System.CommandLine;
using MlopsKit.Cli;
using MlopsKit.Cli.Commands;

var root = new RootCommand("mlops: MLOps for .NET. Version data with DVC-compatible files ('mlops dvc ...'), track MLflow experiments and runs ('mlops experiments ...', 'mlops runs ...'), monitor served models ('mlops monitor init') and deploy them on Kubernetes ('mlops k8s manifests') and run notebooks headlessly ('mlops notebook run').");
root.Options.Add(GlobalOptions.Quiet);
root.Options.Add(GlobalOptions.Verbose);
root.Subcommands.Add(DvcCommand.Create());
root.Subcommands.Add(ExperimentsCommand.Create());
root.Subcommands.Add(RunsCommand.Create());
root.Subcommands.Add(ImportCommand.Create());
root.Subcommands.Add(ModelsCommand.Create());
root.Subcommands.Add(MonitorCommand.Create());
root.Subcommands.Add(K8sCommand.Create());
root.Subcommands.Add(NotebookCommand.Create());
root.Subcommands.Add(TutorialCommand.Create());
return await Runner.InvokeAsync(root, args);
