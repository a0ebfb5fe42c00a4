import { type InstanceItem, instanceListing } from '../../loaders/instances.js';
import { ModifyInstanceVncPasswd } from '../../spec/actions/instance-vnc.js';
import { InstanceRef } from '../instance.js';
import { affectedResource } from './affected.js';
import { defineMutation } from './define-mutation.js';
import { noEvidence } from './lost-answer.js';

// The password goes to ECS and nowhere else: not in the payload, an error or the log
// (refusals name the field and the rule, never the value).
defineMutation({
  name: 'modifyInstanceVncPasswd',
  action: ModifyInstanceVncPasswd,
  ...affectedResource<typeof ModifyInstanceVncPasswd, typeof instanceListing.action, InstanceItem>({
    field: 'instance',
    type: InstanceRef,
    listing: instanceListing,
    description:
      'The instance whose management terminal (VNC) password was set; the password is never read back.',
    id: (done) => done.input.InstanceId,
    afterLostAnswer: noEvidence('ECS never shows a VNC password, so no read can tell whether it changed'),
  }),
});
