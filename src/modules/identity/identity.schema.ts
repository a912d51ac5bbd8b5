import { z } from 'zod';
import { formText } from '../../web/form-fields.js';
import { ROLES, type RoleGrant } from '../../access/index.js';

/**
 * A form field as text: the first value when a field came twice, '' when missing; read as the
 * rate limits (`byField`) read it.
 */
const text = formText;

/** A checkbox group: every value, none when nothing was ticked. */
const list = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()));

export const signInForm = z.object({ email: text, password: text, terug: text });
export const codeForm = z.object({ code: text, terug: text });
export const setupForm = z.object({ displayName: text, password: text });
export const changePasswordForm = z.object({ currentPassword: text, newPassword: text });
export const passwordForm = z.object({ password: text });

export const rolesForm = z.object({
  administrator: list,
  district_manager: list,
  coach: list,
  partner: list,
  organisation: text,
});
export type RolesForm = z.infer<typeof rolesForm>;

export const inviteForm = rolesForm.extend({ email: text, displayName: text });

export const staffIdParams = z.object({ id: z.string().max(40) });
export const tokenParams = z.object({ token: z.string().max(100) });

/** The grants a roles form asks for: one per ticked box; partners carry the organisation typed. */
export function grantsFromForm(form: RolesForm): RoleGrant[] {
  const organisation = form.organisation.trim();
  return ROLES.flatMap((role) =>
    [...new Set(form[role].map((code) => code.trim().toUpperCase()))].map((placeCode) => ({
      role,
      placeCode,
      organisation: role === 'partner' ? organisation : null,
    })),
  );
}
