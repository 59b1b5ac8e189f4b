using Sluice.Cli;

return await SluiceCommandLine.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
