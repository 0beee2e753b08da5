// Hands the one store and its actions to every component without prop drilling.
import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppActions } from './store/app-actions.ts';
import type { AppState, AppStore } from './store/app-state.ts';

interface AppContextValue {
  store: AppStore;
  actions: AppActions;
}

const AppContext = createContext<AppContextValue | null>(null);

export function AppProvider(props: AppContextValue & { children: ReactNode }) {
  const { store, actions, children } = props;
  return <AppContext.Provider value={{ store, actions }}>{children}</AppContext.Provider>;
}

function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('AppProvider is missing');
  return value;
}

/** Re-renders only when the selected slice changes (return stable values or use useShallow). */
export function useAppState<T>(selector: (state: AppState) => T): T {
  return useStore(useApp().store, selector);
}

export function useActions(): AppActions {
  return useApp().actions;
}
