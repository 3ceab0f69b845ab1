import { TextField } from '../ui/Field';

export const MIN_PASSWORD = 10;

/** A new password and its confirmation; the server has the final word on password rules. */
export function PasswordFields({
  password,
  confirm,
  onPassword,
  onConfirm,
  passwordError,
  mismatch,
  label = 'Password',
}: {
  password: string;
  confirm: string;
  onPassword: (v: string) => void;
  onConfirm: (v: string) => void;
  passwordError?: string;
  mismatch: boolean;
  label?: string;
}) {
  return (
    <>
      <TextField
        label={label}
        type="password"
        autoComplete="new-password"
        required
        minLength={MIN_PASSWORD}
        hint={`At least ${MIN_PASSWORD} characters. A phrase of several words is easy to remember and hard to guess.`}
        value={password}
        onChange={(e) => onPassword(e.target.value)}
        error={passwordError}
      />
      <TextField
        label={`Confirm ${label.toLowerCase()}`}
        type="password"
        autoComplete="new-password"
        required
        value={confirm}
        onChange={(e) => onConfirm(e.target.value)}
        error={mismatch ? 'The two passwords do not match.' : undefined}
      />
    </>
  );
}
