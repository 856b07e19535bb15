using GamAuthentication.Samples.Api;

SampleApi.Create(args).Run();
