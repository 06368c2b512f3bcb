import { useEffect, useState } from 'react';

export type Theme = 'light' | 'dark';

const KEY = 'servicemap.theme';

/** The colour theme: the user's choice (kept in localStorage), else the system's. */
export function useTheme(): [Theme, (theme: Theme) => void] {
  const [theme, setTheme] = useState<Theme>(() => {
    const saved = localStorage.getItem(KEY);
    if (saved === 'light' || saved === 'dark') return saved;
    return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  });
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return [theme, (next) => {
    localStorage.setItem(KEY, next);
    setTheme(next);
  }];
}
