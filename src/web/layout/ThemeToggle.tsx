import { useTheme } from './theme';

export function ThemeToggle() {
  const [theme, toggle] = useTheme();
  const dark = theme === 'dark';
  return (
    <button type="button" className="button button--ghost topbar__icon-button theme-toggle" aria-pressed={dark} onClick={toggle}>
      <span aria-hidden="true">☾</span>
      <span className="topbar__button-text">Dark theme</span>
    </button>
  );
}
