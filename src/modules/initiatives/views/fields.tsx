import { TextArea } from '../../../web/views/fields.js';

/** A message in the thread: as long as the service takes (`checkBody`). */
export function MessageField(props: { label: string; value: string; error: string | undefined }) {
  return <TextArea name="body" {...props} rows={4} maxLength={5000} />;
}

/** The reason for a stage move (shown on the public timeline): as long as the service keeps. */
export function ReasonField(props: {
  label: string;
  hint: string;
  value: string;
  error: string | undefined;
}) {
  return <TextArea name="reason" {...props} rows={3} maxLength={2000} />;
}
