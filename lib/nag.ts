import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/**
 * Runs cdk-nag's AwsSolutions pack over the whole app at synth. Any finding that the stack has not
 * acknowledged (with a reason) makes synthesis fail, in `cdk synth`/`cdk deploy` and in the tests.
 */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
}
