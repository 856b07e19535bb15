using GamAuthentication.Emulator.Tool;

return await EmulatorTool.RunAsync(args).ConfigureAwait(false);
