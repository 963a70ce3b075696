import { runEndToEndFilesOf } from '../../test/support/e2e-group';

runEndToEndFilesOf(__dirname);
