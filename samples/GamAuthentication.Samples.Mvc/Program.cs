using GamAuthentication.Samples.Mvc;

SampleApp.Create(args).Run();
