using Microsoft.Extensions.Hosting;
using GamAuthentication.Samples.Worker;

await SampleWorker.Create(args).RunAsync();
