using MlopsKit.Cli;

return await Runner.InvokeAsync(Cli.CreateRoot(), args);
